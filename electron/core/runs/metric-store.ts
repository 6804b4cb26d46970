import type { MetricPoint, MetricSeries } from '../../../shared/domain';
import { downsampleMinMax } from '../../../shared/metrics/downsample';
import type { Db } from '../store/database';

/** Steps per row of metric_buckets (a power of two: bucket = step >> BUCKET_SHIFT). */
const BUCKET_SHIFT = 7;

/** A stored point: non-finite values come back as their names. */
export interface StoredPoint {
  key: string;
  value: number | 'NaN' | 'Infinity' | '-Infinity';
  time: number;
  step: number;
}

/** Where a point stands in the order points were logged, [time, step, rowid]: a push's watermark. */
export type PointCursor = [number, number, number];

/** A run's points of one key, finite and not (parameters: run, key, run, key). */
const HISTORY_SQL = `SELECT key, value, time, step FROM metrics WHERE run_id = ? AND key = ?
  UNION ALL SELECT key, value, time, step FROM metric_nonfinite WHERE run_id = ? AND key = ?`;
const ALL_KEYS_SQL = `SELECT key, value, time, step FROM metrics WHERE run_id = ?
  UNION ALL SELECT key, value, time, step FROM metric_nonfinite WHERE run_id = ?`;

interface Bucket {
  n: number;
  minValue: number;
  minStep: number;
  minTime: number;
  maxValue: number;
  maxStep: number;
  maxTime: number;
}

/**
 * Writes metric points in batches (one transaction each) and keeps metric_summaries and
 * metric_buckets in step, so tables never scan points and long charts read buckets.
 */
export class MetricStore {
  private readonly insert;
  private readonly insertNonFinite;
  private readonly upsertSummary;
  private readonly upsertBucket;

  constructor(private readonly db: Db) {
    this.insert = db.prepare('INSERT INTO metrics (run_id, key, step, value, time) VALUES (?, ?, ?, ?, ?)');
    this.insertNonFinite = db.prepare('INSERT INTO metric_nonfinite (run_id, key, step, value, time) VALUES (?, ?, ?, ?, ?)');
    this.upsertSummary = db.prepare(
      `INSERT INTO metric_summaries (run_id, key, last, min, max, step) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (run_id, key) DO UPDATE SET
         last = CASE WHEN excluded.step >= step THEN excluded.last ELSE last END,
         step = MAX(step, excluded.step),
         min = MIN(min, excluded.min),
         max = MAX(max, excluded.max)`,
    );
    // SET reads the old row everywhere, so the step columns compare against the old values.
    this.upsertBucket = db.prepare(
      `INSERT INTO metric_buckets (run_id, key, bucket, n, min_value, min_step, min_time, max_value, max_step, max_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (run_id, key, bucket) DO UPDATE SET
         n = n + excluded.n,
         min_step = CASE WHEN excluded.min_value < min_value THEN excluded.min_step ELSE min_step END,
         min_time = CASE WHEN excluded.min_value < min_value THEN excluded.min_time ELSE min_time END,
         min_value = MIN(min_value, excluded.min_value),
         max_step = CASE WHEN excluded.max_value > max_value THEN excluded.max_step ELSE max_step END,
         max_time = CASE WHEN excluded.max_value > max_value THEN excluded.max_time ELSE max_time END,
         max_value = MAX(max_value, excluded.max_value)`,
    );
  }

  /** A run's history replaced whole by another's (a run pulled again from its team server). */
  replace(runId: string, points: MetricPoint[]): void {
    this.db.prepare('DELETE FROM metrics WHERE run_id = ?').run(runId);
    this.db.prepare('DELETE FROM metric_summaries WHERE run_id = ?').run(runId);
    this.db.prepare('DELETE FROM metric_buckets WHERE run_id = ?').run(runId);
    this.db.prepare('DELETE FROM metric_nonfinite WHERE run_id = ?').run(runId);
    this.write(runId, points);
  }

  write(runId: string, points: MetricPoint[]): void {
    if (points.length === 0) return;
    this.db.transaction(() => {
      const latest = new Map<string, { last: number; step: number; min: number; max: number }>();
      const buckets = new Map<string, Map<number, Bucket>>();
      for (const p of points) {
        if (typeof p.value !== 'number') continue;
        if (!Number.isFinite(p.value)) {
          this.insertNonFinite.run(runId, p.key, p.step, nonFiniteName(p.value), p.time);
          continue;
        }
        this.insert.run(runId, p.key, p.step, p.value, p.time);
        addToBucket(buckets, p);
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
      for (const [key, byBucket] of buckets) {
        for (const [bucket, b] of byBucket) this.upsertBucket.run(runId, key, bucket, b.n, b.minValue, b.minStep, b.minTime, b.maxValue, b.maxStep, b.maxTime);
      }
    })();
  }

  /** The keys a run has finite points of, by key. */
  keys(runId: string): string[] {
    return this.db.prepare('SELECT key FROM metric_summaries WHERE run_id = ? ORDER BY key').pluck().all(runId) as string[];
  }

  /** Changes whenever a run gains or loses a finite point: how many it has and the newest one's rowid. */
  changeMark(runId: string): { n: number; last: number | null } {
    return this.db.prepare('SELECT COUNT(*) AS n, MAX(rowid) AS last FROM metrics WHERE run_id = ?').get(runId) as { n: number; last: number | null };
  }

  /** How many finite points of a key come after the cursor. */
  countAfter(runId: string, key: string, after: PointCursor): number {
    return this.db
      .prepare('SELECT COUNT(*) FROM metrics WHERE run_id = ? AND key = ? AND (time, step, rowid) > (?, ?, ?)')
      .pluck()
      .get(runId, key, ...after) as number;
  }

  /** Up to `limit` finite points of a key after the cursor, in logging order, each with its rowid for the next cursor. */
  pointsAfter(runId: string, key: string, after: PointCursor, limit: number): { value: number; time: number; step: number; rowid: number }[] {
    return this.db
      .prepare(
        'SELECT value, time, step, rowid AS rowid FROM metrics WHERE run_id = ? AND key = ? AND (time, step, rowid) > (?, ?, ?) ORDER BY time, step, rowid LIMIT ?',
      )
      .all(runId, key, ...after, limit) as { value: number; time: number; step: number; rowid: number }[];
  }

  /** The highest step of a run's keys starting with `prefix` (0 when none): where a resumed run's `system/*` seconds continue from. */
  lastStep(runId: string, prefix: string): number {
    return (
      (this.db.prepare('SELECT MAX(step) FROM metrics WHERE run_id = ? AND substr(key, 1, length(?)) = ?').pluck().get(runId, prefix, prefix) as
        number | null) ?? 0
    );
  }

  /** A run's points of one key in step then time order, NaN and ±Infinity included; limit -1 for all. */
  history(runId: string, key: string, limit = -1, offset = 0): StoredPoint[] {
    return this.db.prepare(`SELECT * FROM (${HISTORY_SQL}) ORDER BY step, time LIMIT ? OFFSET ?`).all(runId, key, runId, key, limit, offset) as StoredPoint[];
  }

  /** The latest point of each of a run's keys (by step, then time), non-finite ones included, by key. */
  latest(runId: string): StoredPoint[] {
    return this.db
      .prepare(
        `SELECT key, value, time, step FROM (
           SELECT *, ROW_NUMBER() OVER (PARTITION BY key ORDER BY step DESC, time DESC) AS n FROM (${ALL_KEYS_SQL})
         ) WHERE n = 1 ORDER BY key`,
      )
      .all(runId, runId) as StoredPoint[];
  }

  /**
   * Chart-ready series, at most about `maxPoints` each. Short series come point by point; long
   * ones from their buckets' lowest and highest points, thinned again keeping extremes.
   */
  series(runIds: string[], keys: string[] | undefined, maxPoints: number): MetricSeries[] {
    const out: MetricSeries[] = [];
    const points = this.db.prepare('SELECT step, value, time FROM metrics WHERE run_id = ? AND key = ? ORDER BY step, time').raw();
    const bucketRows = this.db
      .prepare('SELECT n, min_step, min_value, min_time, max_step, max_value, max_time FROM metric_buckets WHERE run_id = ? AND key = ? ORDER BY bucket')
      .raw();
    const lastStmt = this.db.prepare('SELECT step, value, time FROM metrics WHERE run_id = ? AND key = ? ORDER BY step DESC, time DESC LIMIT 1').raw();
    for (const runId of runIds) {
      const runKeys = keys ?? this.keys(runId);
      for (const key of runKeys) {
        const buckets = bucketRows.all(runId, key) as number[][];
        let count = 0;
        for (const b of buckets) count += b[0];
        let rows: [number, number, number][];
        if (count <= maxPoints) rows = points.all(runId, key) as [number, number, number][];
        else {
          rows = [];
          for (const [, s1, v1, t1, s2, v2, t2] of buckets) {
            if (s1 === s2) rows.push([s1, v1, t1]);
            else if (s1 < s2) rows.push([s1, v1, t1], [s2, v2, t2]);
            else rows.push([s2, v2, t2], [s1, v1, t1]);
          }
          const last = lastStmt.get(runId, key) as [number, number, number] | undefined;
          if (last && rows[rows.length - 1]?.[0] !== last[0]) rows.push(last);
        }
        const steps = rows.map((r) => r[0]);
        const values = rows.map((r) => r[1]);
        const keep = downsampleMinMax(steps, values, maxPoints);
        out.push({ runId, key, steps: keep.map((i) => steps[i]), values: keep.map((i) => values[i]), times: keep.map((i) => rows[i][2]) });
      }
    }
    return out;
  }
}

/** How many NaN or ±Infinity points each run's metrics have: kept, but left out of summaries and charts. */
export function nonFiniteCounts(db: Db, runIds: string[]): Map<string, Record<string, number>> {
  const out = new Map<string, Record<string, number>>();
  if (runIds.length === 0) return out;
  const rows = db
    .prepare('SELECT run_id, key, COUNT(*) AS n FROM metric_nonfinite WHERE run_id IN (SELECT value FROM json_each(?)) GROUP BY run_id, key')
    .all(JSON.stringify(runIds)) as { run_id: string; key: string; n: number }[];
  for (const r of rows) out.set(r.run_id, { ...out.get(r.run_id), [r.key]: r.n });
  return out;
}

function nonFiniteName(v: number): 'NaN' | 'Infinity' | '-Infinity' {
  return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
}

function addToBucket(buckets: Map<string, Map<number, Bucket>>, p: MetricPoint): void {
  let byBucket = buckets.get(p.key);
  if (!byBucket) buckets.set(p.key, (byBucket = new Map()));
  const id = p.step >> BUCKET_SHIFT;
  const b = byBucket.get(id);
  if (!b) {
    byBucket.set(id, { n: 1, minValue: p.value, minStep: p.step, minTime: p.time, maxValue: p.value, maxStep: p.step, maxTime: p.time });
    return;
  }
  b.n++;
  if (p.value < b.minValue) Object.assign(b, { minValue: p.value, minStep: p.step, minTime: p.time });
  if (p.value > b.maxValue) Object.assign(b, { maxValue: p.value, maxStep: p.step, maxTime: p.time });
}

/**
 * Drops points recorded after a checkpoint, so a resumed run does not log those steps twice.
 * `system/*` points are kept: their steps count seconds of training, which did happen, and the
 * resumed worker counts on after them.
 */
export function truncateAfter(db: Db, runId: string, epoch: number, batchStep: number): void {
  db.transaction(() => {
    db.prepare("DELETE FROM metrics WHERE run_id = ? AND key NOT LIKE 'batch/%' AND key NOT LIKE 'system/%' AND step > ?").run(runId, epoch);
    db.prepare("DELETE FROM metrics WHERE run_id = ? AND key LIKE 'batch/%' AND step > ?").run(runId, batchStep);
    db.prepare("DELETE FROM metric_nonfinite WHERE run_id = ? AND key NOT LIKE 'system/%' AND step > (CASE WHEN key LIKE 'batch/%' THEN ? ELSE ? END)").run(
      runId,
      batchStep,
      epoch,
    );
    db.prepare('DELETE FROM metric_summaries WHERE run_id = ?').run(runId);
    db.prepare('DELETE FROM metric_buckets WHERE run_id = ?').run(runId);
    rebuildBuckets(db, runId);
    db.prepare(
      `INSERT INTO metric_summaries (run_id, key, last, min, max, step)
       SELECT m.run_id, m.key,
              (SELECT value FROM metrics l WHERE l.run_id = m.run_id AND l.key = m.key ORDER BY step DESC, time DESC LIMIT 1),
              MIN(m.value), MAX(m.value), MAX(m.step)
       FROM metrics m WHERE m.run_id = ? GROUP BY m.key`,
    ).run(runId);
  })();
}

/** Recomputes a run's buckets from its points (after points were deleted). */
function rebuildBuckets(db: Db, runId: string): void {
  db.prepare(
    `INSERT INTO metric_buckets
     SELECT lo.run_id, lo.key, lo.bucket, lo.n, lo.min_value, lo.step, lo.time, hi.max_value, hi.step, hi.time
     FROM (SELECT run_id, key, step >> ${BUCKET_SHIFT} AS bucket, COUNT(*) AS n, MIN(value) AS min_value, step, time FROM metrics WHERE run_id = @run GROUP BY key, bucket) lo
     JOIN (SELECT run_id, key, step >> ${BUCKET_SHIFT} AS bucket, MAX(value) AS max_value, step, time FROM metrics WHERE run_id = @run GROUP BY key, bucket) hi
       ON hi.key = lo.key AND hi.bucket = lo.bucket`,
  ).run({ run: runId });
}
