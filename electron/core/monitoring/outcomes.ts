import fs from 'node:fs';
import type { OutcomesLogResult } from '../../../shared/api/calls/monitoring';
import type { Cell } from '../datasets/csv-parse';
import { UserError } from '../errors';
import type { ModelRegistry } from '../registry/registry';
import type { ModelSource } from '../registry/model-source';
import { writeInChunks } from '../store/chunked-write';
import type { Db } from '../store/database';
import { csvTable } from './drift-service';
import { parseTime } from './time-cell';

// Realized outcomes logged against the rows a model scored (id, outcome, optional timestamp),
// kept per run in monitoring_outcomes; the timeline joins them to its rows by an id column.

function runOf(source: ModelSource): string {
  if (!source.runId) throw new UserError(`${source.label} has no training run; outcomes are kept per run`);
  return source.runId;
}

const cellText = (v: Cell) => (v === null ? '' : String(v).trim());

/**
 * Reads id,outcome[,timestamp] and stores every row, or none when any is malformed: the file is
 * checked whole first, then written in short transactions (a million outcomes in one held the
 * write lock for seconds, past a trainer's or labeler's busy timeout). Each row is an upsert, so a
 * log cut short is completed by logging the same file again.
 */
export async function logOutcomes(db: Db, registry: ModelRegistry, req: { model: string; path: string }): Promise<OutcomesLogResult> {
  const source = registry.resolve(req.model);
  const runId = runOf(source);
  if (!fs.existsSync(req.path) || !fs.statSync(req.path).isFile()) throw new UserError(`${req.path}: no such file`);
  const t = await csvTable(req.path);
  const at = (name: string) => t.columns.findIndex((c) => c.name === name);
  const [idAt, outcomeAt, timeAt] = [at('id'), at('outcome'), at('timestamp')];
  if (idAt < 0 || outcomeAt < 0)
    throw new UserError(`${req.path}: needs the columns id and outcome (and optionally timestamp); it has ${t.columns.map((c) => c.name).join(', ')}`);
  const seen = new Map<string, number>();
  const rows = t.rows.map((r, i) => {
    const line = i + 2;
    const id = cellText(r[idAt]);
    const outcome = cellText(r[outcomeAt]);
    if (!id || !outcome) throw new UserError(`${req.path} line ${line}: ${!id ? 'id' : 'outcome'} is empty`);
    if (seen.has(id)) throw new UserError(`${req.path} line ${line}: id "${id}" is already on line ${seen.get(id)}`);
    seen.set(id, line);
    let observedAt: number | null = null;
    if (timeAt >= 0 && r[timeAt] !== null) {
      observedAt = parseTime(r[timeAt]);
      if (observedAt === null) throw new UserError(`${req.path} line ${line}: timestamp "${cellText(r[timeAt])}" is not a date or epoch time`);
    }
    return { id, outcome, observedAt };
  });
  if (rows.length === 0) throw new UserError(`${req.path}: no outcomes`);
  const now = Date.now();
  const exists = db.prepare('SELECT 1 FROM monitoring_outcomes WHERE run_id = ? AND row_id = ?').pluck();
  const upsert = db.prepare(
    `INSERT INTO monitoring_outcomes (run_id, row_id, outcome, observed_at, logged_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (run_id, row_id) DO UPDATE SET outcome = excluded.outcome, observed_at = excluded.observed_at, logged_at = excluded.logged_at`,
  );
  let replaced = 0;
  await writeInChunks(db, rows.length, (from, to) => {
    for (let i = from; i < to; i++) {
      const r = rows[i];
      if (exists.get(runId, r.id)) replaced++;
      upsert.run(runId, r.id, r.outcome, r.observedAt, now);
    }
  });
  const total = db.prepare('SELECT COUNT(*) FROM monitoring_outcomes WHERE run_id = ?').pluck().get(runId) as number;
  return { model: source.label, runId, logged: rows.length, replaced, total };
}

/** The outcomes logged for a model's run, by row id. */
export function loggedOutcomes(db: Db, source: ModelSource): Map<string, string> {
  const rows = db.prepare('SELECT row_id, outcome FROM monitoring_outcomes WHERE run_id = ?').all(runOf(source)) as { row_id: string; outcome: string }[];
  return new Map(rows.map((r) => [r.row_id, r.outcome]));
}
