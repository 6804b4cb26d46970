import type { EvaluationRecord, EvaluationSummary } from '../../../shared/api/calls/evaluation';
import { GateSyntaxError, parseGates, type Gate } from '../../../shared/gates';
import { UserError } from '../errors';
import type { EvaluateDeps, EvaluateRequest } from './evaluate';
import { EvaluationStore } from './evaluation-store';

export type { EvaluateRequest } from './evaluate';

/** Evaluates a model on labelled data, checks the quality gates, and stores the report. */
export class EvaluationService {
  readonly store: EvaluationStore;

  constructor(private readonly d: EvaluateDeps) {
    this.store = new EvaluationStore(d.db);
  }

  getGates(): { gates: string[] } {
    return { gates: this.store.projectGates() };
  }

  setGates(gates: string[]): { gates: string[] } {
    parse(gates);
    this.store.setProjectGates(gates.map((g) => g.trim()));
    return this.getGates();
  }

  list(filter: { runId?: string; model?: string; modelVersionId?: number; limit: number }): EvaluationSummary[] {
    let { modelVersionId } = filter;
    let versionRunId: string | null = null;
    if (filter.model !== undefined) {
      const source = this.d.registry.resolve(filter.model);
      if (!source.model) throw new UserError(`"${filter.model}" is a run; list its evaluations with runId`);
      modelVersionId = source.model.versionId;
      versionRunId = source.runId;
    }
    return this.store.list({ runId: filter.runId, modelVersionId, versionRunId, limit: filter.limit });
  }

  async run(req: EvaluateRequest): Promise<EvaluationRecord> {
    // Gates first: a typo in one should cost nothing, not even loading the evaluation.
    const gates = parse(req.gates ?? this.store.projectGates());
    // The statistics (metrics, slices, fairness, drift) load with the first evaluation, not with every command.
    return (await import('./evaluate')).evaluate(this.d, this.store, req, gates, req.gates ? 'request' : 'project');
  }
}

function parse(gates: string[]): Gate[] {
  try {
    return parseGates(gates);
  } catch (err) {
    if (err instanceof GateSyntaxError) throw new UserError(err.message);
    throw err;
  }
}
