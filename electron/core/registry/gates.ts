import type { GateStatus } from '../../../shared/api/calls/models';
import type { Db } from '../store/database';

/**
 * Whether a model version passed the project's quality gates, by its latest evaluation.
 * The registry only asks; the evaluation feature supplies the answer, either by writing rows
 * to `evaluations` (read by the default checker) or by handing Core its own checker.
 */
export interface GateChecker {
  latest(target: { versionId: number; runId: string | null }): GateStatus;
}

interface EvaluationRow {
  id: number;
  created_at: number;
  passed: number;
  report: string;
}

/** Reads the newest evaluation of the version, or of the run behind it. */
export class EvaluationGateChecker implements GateChecker {
  constructor(private readonly db: Db) {}

  latest({ versionId, runId }: { versionId: number; runId: string | null }): GateStatus {
    const row = this.db
      .prepare('SELECT id, created_at, passed, report FROM evaluations WHERE model_version_id = ? OR (run_id IS NOT NULL AND run_id = ?) ORDER BY created_at DESC, id DESC LIMIT 1')
      .get(versionId, runId) as EvaluationRow | undefined;
    if (!row) return { status: 'none', evaluationId: null, evaluatedAt: null, report: null, message: 'no evaluation of this version against the quality gates yet' };
    const when = new Date(row.created_at).toISOString();
    return {
      status: row.passed ? 'passed' : 'failed',
      evaluationId: row.id,
      evaluatedAt: row.created_at,
      report: JSON.parse(row.report) as unknown,
      message: row.passed ? `evaluation #${row.id} (${when}) passed the quality gates` : `its latest evaluation #${row.id} (${when}) failed the quality gates`,
    };
  }
}
