import path from 'node:path';
import { Core } from '../electron/core/core';

export interface RunsTableFigures {
  runs: number;
  /** One 100-row page sorted by a metric with a filter, in the store. */
  pageMs: number;
  /** Baseline: load every run and sort and filter in JavaScript, as a table without paging would. */
  loadAllMs: number;
  ratio: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export function benchRunsTable(dir: string, count = 10_000): RunsTableFigures {
  const core = new Core({ dataDir: path.join(dir, 'runs-table'), transport: 'http' });
  const insertRun = core.services.db.prepare(
    `INSERT INTO runs (id, experiment_id, name, status, model_type, config, params, tags, seed, created_at) VALUES (?, 1, ?, ?, 'mlp', '{}', ?, '{"owner":"ana"}', 0, ?)`,
  );
  const insertMetric = core.services.db.prepare('INSERT INTO metric_summaries (run_id, key, last, min, max, step) VALUES (?, ?, ?, ?, ?, 10)');
  core.services.db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const id = `r${i}`;
      insertRun.run(
        id,
        `trial-${i}`,
        i % 5 ? 'finished' : 'failed',
        JSON.stringify({ learningRate: 10 ** -(1 + (i % 30) / 10), batchSize: 32, hiddenUnits: '64-32' }),
        i,
      );
      for (const key of ['loss', 'accuracy', 'val_loss', 'val_accuracy']) {
        const v = ((i * 7919) % 1000) / 1000;
        insertMetric.run(id, key, v, v, v);
      }
    }
  })();
  const q = {
    filter: 'status = finished and params.learningRate < 0.01',
    sort: { field: 'metrics.val_accuracy', dir: 'desc' as const },
    offset: 0,
    limit: 100,
  };
  core.services.runs.query(q);
  const page: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t = performance.now();
    core.services.runs.query({ ...q, offset: i * 100 });
    page.push(performance.now() - t);
  }
  const all: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    core.services.runs
      .list()
      .filter((r) => r.status === 'finished' && Number(r.params.learningRate) < 0.01)
      .sort((a, b) => (b.metrics.val_accuracy?.last ?? -1) - (a.metrics.val_accuracy?.last ?? -1))
      .slice(0, 100);
    all.push(performance.now() - t);
  }
  core.close();
  const pageMs = median(page);
  const loadAllMs = median(all);
  return { runs: count, pageMs, loadAllMs, ratio: loadAllMs / pageMs };
}
