import type { MetricPoint, MetricSeries } from '../../../shared/domain';
import { downsampleMinMax } from '../../../shared/metrics/downsample';
import type { Db } from '../store/database';

/** Writes metric points in batches (one transaction each) and keeps metric_summaries in step. */
export class MetricStore {
  private readonly insert;
  private readonly upsertSummary;

  constructor(private readonly db: Db) {
    this.insert = db.prepare('INSERT INTO metrics (run_id, key, step, value, time) VALUES (?, ?, ?, ?, ?)');
    this.upsertSummary = db.prepare(
      `INSERT INTO metric_summaries (run_id, key, last, min, max, step) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (run_id, key) DO UPDATE SET
         last = CASE WHEN excluded.step >= step THEN excluded.last ELSE last END,
         step = MAX(step, excluded.step),
         min = MIN(min, excluded.min),
         max = MAX(max, excluded.max)`,
    );
  }

  write(runId: string, points: MetricPoint[]): void {
    if (points.length === 0) return;
    this.db.transaction(() => {
      const latest = new Map<string, { last: number; step: number; min: number; max: number }>();
      for (const p of points) {
        if (!Number.isFinite(p.value)) continue;
        this.insert.run(runId, p.key, p.step, p.value, p.time);
        const s = latest.get(p.key);
        if (!s) latest.set(p.key, { last: p.value, step: p.step, min: p.value, max: p.value });
        else {
          if (p.step >= s.step) {
            s.step = p.step;
            s.last = p.value;
          }
          s.min = Math.min(s.min, p.value);
          s.max = Math.max(s.max, p.value);
        }
      }
      for (const [key, s] of latest) this.upsertSummary.run(runId, key, s.last, s.min, s.max, s.step);
    })();
  }

  series(runIds: string[], keys: string[] | undefined, maxPoints: number): MetricSeries[] {
    const out: MetricSeries[] = [];
    const keyStmt = this.db.prepare('SELECT key FROM metric_summaries WHERE run_id = ? ORDER BY key').pluck();
    const points = this.db.prepare('SELECT step, value, time FROM metrics WHERE run_id = ? AND key = ? ORDER BY step, time').raw();
    for (const runId of runIds) {
      const runKeys = keys ?? (keyStmt.all(runId) as string[]);
      for (const key of runKeys) {
        const rows = points.all(runId, key) as [number, number, number][];
        const steps = rows.map((r) => r[0]);
        const values = rows.map((r) => r[1]);
        const keep = downsampleMinMax(steps, values, maxPoints);
        out.push({ runId, key, steps: keep.map((i) => steps[i]), values: keep.map((i) => values[i]), times: keep.map((i) => rows[i][2]) });
      }
    }
    return out;
  }
}

/** Drops points recorded after a checkpoint, so a resumed run does not log those steps twice. */
export function truncateAfter(db: Db, runId: string, epoch: number, batchStep: number): void {
  db.transaction(() => {
    db.prepare("DELETE FROM metrics WHERE run_id = ? AND key NOT LIKE 'batch/%' AND step > ?").run(runId, epoch);
    db.prepare("DELETE FROM metrics WHERE run_id = ? AND key LIKE 'batch/%' AND step > ?").run(runId, batchStep);
    db.prepare('DELETE FROM metric_summaries WHERE run_id = ?').run(runId);
    db.prepare(
      `INSERT INTO metric_summaries (run_id, key, last, min, max, step)
       SELECT m.run_id, m.key,
              (SELECT value FROM metrics l WHERE l.run_id = m.run_id AND l.key = m.key ORDER BY step DESC, time DESC LIMIT 1),
              MIN(m.value), MAX(m.value), MAX(m.step)
       FROM metrics m WHERE m.run_id = ? GROUP BY m.key`,
    ).run(runId);
  })();
}
