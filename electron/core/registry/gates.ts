import type { GateStatus } from '../../../shared/api/calls/models';
import { EvaluationStore } from '../evaluation/evaluation-store';
import type { Db } from '../store/database';

/**
 * Whether a model version passed the project's quality gates, by its latest evaluation.
 * The registry only asks; the evaluation feature supplies the answer, either by writing rows
 * to `evaluations` (read by the default checker) or by handing Core its own checker.
 */
export interface GateChecker {
  latest(target: { versionId: number; runId: string | null }): GateStatus;
}

/**
 * Reads the newest held-out evaluation of the version, or of the run behind it: one with no row
 * the model trained on. Evaluations on training rows (or with training rows unknown) never count.
 */
export class EvaluationGateChecker implements GateChecker {
  private readonly evaluations: EvaluationStore;

  constructor(db: Db) {
    this.evaluations = new EvaluationStore(db);
  }

  latest({ versionId, runId }: { versionId: number; runId: string | null }): GateStatus {
    const rows = this.evaluations.ofVersion(versionId, runId);
    const row = rows.find((r) => r.training_overlap === 0);
    if (!row) {
      const newest = rows[0];
      if (!newest)
        return { status: 'none', evaluationId: null, evaluatedAt: null, report: null, message: 'no evaluation of this version against the quality gates yet' };
      const why =
        newest.training_overlap === null
          ? `evaluation #${newest.id} can't tell held-out rows from training rows (the model's training rows are unknown, or it predates the check)`
          : `evaluation #${newest.id} was on training data (${newest.training_overlap} of ${newest.rows} rows)`;
      return {
        status: 'training_data',
        evaluationId: newest.id,
        evaluatedAt: newest.created_at,
        report: JSON.parse(newest.report) as unknown,
        message: `no evaluation on held-out rows: ${why}`,
      };
    }
    // No date in the words: clients show evaluatedAt in their reader's own time.
    const id = `evaluation #${row.id}`;
    const message = {
      passed: `${id} passed the quality gates`,
      failed: `its latest held-out ${id} failed the quality gates`,
      no_gates: `its latest held-out ${id} had no gates to pass`,
    }[row.gate_status];
    return { status: row.gate_status, evaluationId: row.id, evaluatedAt: row.created_at, report: JSON.parse(row.report) as unknown, message };
  }
}
