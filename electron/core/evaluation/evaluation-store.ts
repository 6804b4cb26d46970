import type { EvaluationFacts, EvaluationRecord, EvaluationReport, EvaluationSummary } from '../../../shared/api/calls/evaluation';
import { notFound } from '../errors';
import { readProjectGates, writeProjectGates } from '../settings-store';
import type { Db } from '../store/database';

/** A row of `evaluations`; report is the stored JSON text. */
export interface EvaluationRow {
  id: number;
  model_version_id: number | null;
  run_id: string | null;
  created_at: number;
  passed: number;
  report: string;
  split: EvaluationFacts['split'] | null;
  rows: number | null;
  training_overlap: number | null;
  gate_status: EvaluationFacts['gateStatus'];
}

/**
 * Evaluations in the `evaluations` table (migrations 004, 009). The registry's gate checker reads
 * the same rows, so a stored held-out evaluation that passed its gates is what lets `champion`
 * move without an override.
 */
export class EvaluationStore {
  constructor(private readonly db: Db) {}

  insert(target: { modelVersionId: number | null; runId: string | null }, report: EvaluationReport): EvaluationRecord {
    const createdAt = Date.now();
    // JSON has no NaN or Infinity: they are stored (and come back) as null.
    const id = Number(
      this.db
        .prepare(
          'INSERT INTO evaluations (model_version_id, run_id, created_at, passed, report, split, rows, training_overlap, gate_status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        )
        .run(
          target.modelVersionId,
          target.runId,
          createdAt,
          Number(report.passed),
          JSON.stringify(report),
          report.split,
          report.data.rows,
          report.trainingOverlap,
          report.gateStatus,
        ).lastInsertRowid,
    );
    return this.get(id);
  }

  get(id: number): EvaluationRecord {
    const row = this.db.prepare('SELECT * FROM evaluations WHERE id = ?').get(id) as EvaluationRow | undefined;
    if (!row) throw notFound(`Evaluation ${id}`);
    return record(row);
  }

  /** A model version's evaluations and those of the run it came from, newest first, as stored: what the registry's gate checker reads. */
  ofVersion(versionId: number, runId: string | null): EvaluationRow[] {
    return this.db
      .prepare('SELECT * FROM evaluations WHERE model_version_id = ? OR (run_id IS NOT NULL AND run_id = ?) ORDER BY created_at DESC, id DESC')
      .all(versionId, runId) as EvaluationRow[];
  }

  /** A run's evaluations, oldest first, as stored: what a push sends as the run's reports. */
  ofRun(runId: string): EvaluationRow[] {
    return this.db.prepare('SELECT * FROM evaluations WHERE run_id = ? ORDER BY id').all(runId) as EvaluationRow[];
  }

  /** Newest first; a version's list includes evaluations of the run it was registered from. */
  list(filter: { runId?: string; modelVersionId?: number; versionRunId?: string | null; limit: number }): EvaluationSummary[] {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (filter.runId !== undefined) {
      where.push('run_id = ?');
      params.push(filter.runId);
    }
    if (filter.modelVersionId !== undefined) {
      where.push(filter.versionRunId ? '(model_version_id = ? OR run_id = ?)' : 'model_version_id = ?');
      params.push(filter.modelVersionId, ...(filter.versionRunId ? [filter.versionRunId] : []));
    }
    const sql = `SELECT * FROM evaluations ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...params, filter.limit) as EvaluationRow[]).map((r) => summary(record(r)));
  }

  /** The project's gate expressions, kept with the settings. */
  projectGates(): string[] {
    return readProjectGates(this.db);
  }

  setProjectGates(gates: string[]): void {
    writeProjectGates(this.db, gates);
  }
}

/** Evaluations stored before migration 009 scored every row of their data and were not checked for training rows. */
function record(row: EvaluationRow): EvaluationRecord {
  const report = JSON.parse(row.report) as EvaluationReport;
  report.split ??= 'all';
  report.trainingOverlap ??= null;
  report.gateStatus ??= row.gate_status;
  report.warnings ??= [];
  return {
    id: row.id,
    createdAt: row.created_at,
    passed: row.passed === 1,
    modelVersionId: row.model_version_id,
    runId: row.run_id,
    split: row.split ?? 'all',
    rows: row.rows ?? report.data?.rows ?? 0,
    trainingOverlap: row.training_overlap,
    gateStatus: row.gate_status,
    report,
  };
}

function summary(r: EvaluationRecord): EvaluationSummary {
  return {
    id: r.id,
    createdAt: r.createdAt,
    passed: r.passed,
    modelVersionId: r.modelVersionId,
    runId: r.runId,
    split: r.split,
    rows: r.rows,
    trainingOverlap: r.trainingOverlap,
    gateStatus: r.gateStatus,
    model: r.report.model?.label ?? '',
    data: r.report.data?.label ?? '',
    accuracy: r.report.overall?.accuracy ?? NaN,
    gates: { total: r.report.gates?.length ?? 0, failed: (r.report.gates ?? []).filter((g) => !g.passed).map((g) => g.expression) },
  };
}
