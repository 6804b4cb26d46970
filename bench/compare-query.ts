import path from 'node:path';
import { Core } from '../electron/core/core';
import { downsampleMinMax } from '../shared/metrics/downsample';

export interface CompareFigures {
  runs: number;
  pointsPerRun: number;
  /** runs.metrics for all runs: chart-ready, about 2,000 points per series; the first call, cold. */
  chartReadyMs: number;
  /** The same query again (page cache warm, as when the view reloads), median of 3. */
  chartReadyWarmMs: number;
  /** Baseline: every point read and thinned in JavaScript (measured on `baselineRuns`, scaled to all). */
  readAllMs: number;
  baselineRuns: number;
  ratio: number;
}

/** The compare view's query for 100 runs x 100,000 steps, against reading every point. */
export function benchCompareQuery(dir: string, runs = 100, points = 100_000): CompareFigures {
  const core = new Core({ dataDir: path.join(dir, 'compare'), transport: 'http' });
  const ids = Array.from({ length: runs }, (_, i) => `run${i}`);
  const insertRun = core.services.db.prepare(
    "INSERT INTO runs (id, experiment_id, name, status, model_type, config, params, seed, created_at) VALUES (?, 1, ?, 'finished', 'mlp', '{}', '{}', 0, 0)",
  );
  core.services.db.transaction(() => ids.forEach((id) => insertRun.run(id, id)))();
  // Bulk-generated in SQL (writing 10M points through the ingest path would dominate the bench),
  // run by run as ingest lays them out: CROSS JOIN keeps runs as the outer loop, so the baseline's
  // per-run reads are not scattered across the whole table.
  core.services.db.exec(`
    WITH RECURSIVE s(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM s WHERE x < ${points - 1})
    INSERT INTO metrics (run_id, key, step, value, time)
    SELECT r.id, 'batch/loss', s.x, 1.0 / (1 + s.x / 1000.0) + sin(s.x * 0.37 + r.rowid) * 0.05, s.x FROM runs r CROSS JOIN s;
    INSERT INTO metric_buckets
    SELECT lo.run_id, lo.key, lo.bucket, lo.n, lo.min_value, lo.step, lo.time, hi.max_value, hi.step, hi.time
    FROM (SELECT run_id, key, step >> 7 AS bucket, COUNT(*) AS n, MIN(value) AS min_value, step, time FROM metrics GROUP BY run_id, key, step >> 7) lo
    JOIN (SELECT run_id, key, step >> 7 AS bucket, MAX(value) AS max_value, step, time FROM metrics GROUP BY run_id, key, step >> 7) hi
      ON hi.run_id = lo.run_id AND hi.key = lo.key AND hi.bucket = lo.bucket;
  `);
  const t0 = performance.now();
  const series = core.services.metrics.series(ids, ['batch/loss'], 2000);
  const chartReadyMs = performance.now() - t0;
  if (series.length !== runs || series.some((s) => s.steps.length > 2000)) throw new Error('compare query returned unexpected series');
  const warm = [0, 1, 2].map(() => {
    const t = performance.now();
    core.services.metrics.series(ids, ['batch/loss'], 2000);
    return performance.now() - t;
  });
  const chartReadyWarmMs = warm.sort((a, b) => a - b)[1];

  const baselineRuns = Math.min(runs, 5);
  const t1 = performance.now();
  const all = core.services.db.prepare("SELECT step, value FROM metrics WHERE run_id = ? AND key = 'batch/loss' ORDER BY step").raw();
  for (const id of ids.slice(0, baselineRuns)) {
    const rows = all.all(id) as [number, number][];
    downsampleMinMax(
      rows.map((r) => r[0]),
      rows.map((r) => r[1]),
      2000,
    );
  }
  const readAllMs = ((performance.now() - t1) * runs) / baselineRuns;
  core.close();
  return { runs, pointsPerRun: points, chartReadyMs, chartReadyWarmMs, readAllMs, baselineRuns, ratio: readAllMs / chartReadyMs };
}
