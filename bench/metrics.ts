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

/**
 * Metric ingest through the core (batched transactions, summaries kept) next to a raw insert loop.
 * Each side runs twice, in alternating order on fresh files (the side that goes second gains
 * ~20% from a warmer page cache and JIT), and the better of its two runs counts.
 */
export function benchMetricIngest(dir: string, total = 200_000): IngestFigures {
  const points: MetricPoint[] = Array.from({ length: total }, (_, i) => ({
    key: i % 2 ? 'batch/loss' : 'batch/accuracy',
    step: i >> 1,
    value: Math.random(),
    time: Date.now(),
  }));
  const core = [coreIngest(path.join(dir, 'core-1.db'), points)];
  const raw = [rawIngest(path.join(dir, 'raw-1.db'), points)];
  raw.push(rawIngest(path.join(dir, 'raw-2.db'), points));
  core.push(coreIngest(path.join(dir, 'core-2.db'), points));
  const corePointsPerSec = total / (Math.min(...core) / 1000);
  const rawPointsPerSec = total / (Math.min(...raw) / 1000);
  return { points: total, corePointsPerSec, rawPointsPerSec, ratio: corePointsPerSec / rawPointsPerSec };
}

function coreIngest(file: string, points: MetricPoint[]): number {
  const db = openDatabase(file);
  db.prepare(
    "INSERT INTO runs (id, experiment_id, name, status, model_type, config, params, seed, created_at) VALUES ('r', 1, 'r', 'running', 'mlp', '{}', '{}', 0, 0)",
  ).run();
  const store = new MetricStore(db);
  const t = performance.now();
  for (let i = 0; i < points.length; i += BATCH) store.write('r', points.slice(i, i + BATCH));
  const ms = performance.now() - t;
  db.close();
  return ms;
}

function rawIngest(file: string, points: MetricPoint[]): number {
  const raw = new Database(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.exec('CREATE TABLE metrics (run_id TEXT, key TEXT, step INTEGER, value REAL, time INTEGER); CREATE INDEX m ON metrics (run_id, key, step)');
  const insert = raw.prepare('INSERT INTO metrics VALUES (?, ?, ?, ?, ?)');
  const many = raw.transaction((batch: MetricPoint[]) => {
    for (const p of batch) insert.run('r', p.key, p.step, p.value, p.time);
  });
  const t = performance.now();
  for (let i = 0; i < points.length; i += BATCH) many(points.slice(i, i + BATCH));
  const ms = performance.now() - t;
  raw.close();
  return ms;
}
