import Database from 'better-sqlite3';
import path from 'node:path';
import { openDatabase } from '../electron/core/store/database';
import { MetricStore } from '../electron/core/runs/metric-store';
import type { MetricPoint } from '../shared/domain';

export interface IngestFigures {
  points: number;
  corePointsPerSec: number;
  rawPointsPerSec: number;
  ratio: number;
}

const BATCH = 500;

/** Metric ingest through the core (batched transactions, summaries kept) next to a raw insert loop. */
export function benchMetricIngest(dir: string, total = 200_000): IngestFigures {
  const points: MetricPoint[] = Array.from({ length: total }, (_, i) => ({ key: i % 2 ? 'batch/loss' : 'batch/accuracy', step: i >> 1, value: Math.random(), time: Date.now() }));

  const db = openDatabase(path.join(dir, 'core.db'));
  db.prepare("INSERT INTO runs (id, experiment_id, name, status, model_type, config, params, seed, created_at) VALUES ('r', 1, 'r', 'running', 'mlp', '{}', '{}', 0, 0)").run();
  const store = new MetricStore(db);
  let t = performance.now();
  for (let i = 0; i < total; i += BATCH) store.write('r', points.slice(i, i + BATCH));
  const coreMs = performance.now() - t;
  db.close();

  const raw = new Database(path.join(dir, 'raw.db'));
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.exec('CREATE TABLE metrics (run_id TEXT, key TEXT, step INTEGER, value REAL, time INTEGER); CREATE INDEX m ON metrics (run_id, key, step)');
  const insert = raw.prepare('INSERT INTO metrics VALUES (?, ?, ?, ?, ?)');
  const many = raw.transaction((batch: MetricPoint[]) => {
    for (const p of batch) insert.run('r', p.key, p.step, p.value, p.time);
  });
  t = performance.now();
  for (let i = 0; i < total; i += BATCH) many(points.slice(i, i + BATCH));
  const rawMs = performance.now() - t;
  raw.close();

  const corePointsPerSec = total / (coreMs / 1000);
  const rawPointsPerSec = total / (rawMs / 1000);
  return { points: total, corePointsPerSec, rawPointsPerSec, ratio: corePointsPerSec / rawPointsPerSec };
}
