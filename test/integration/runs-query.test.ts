import path from 'node:path';
import seedrandom from 'seedrandom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/core';
import { tempDir } from '../helpers';

// The runs filter compiled to SQL, checked against a plain JavaScript reading of the same
// filter over the same synthetic runs.

interface Fake {
  id: string;
  name: string;
  status: string;
  params: Record<string, string | number>;
  tags: Record<string, string>;
  metrics: Record<string, number>;
  starred: boolean;
}

let core: Core;
const runs: Fake[] = [];

beforeAll(() => {
  core = new Core({ dataDir: path.join(tempDir(), 'data'), transport: 'http' });
  const rand = seedrandom('runs-query');
  const insertRun = core.services.db.prepare(
    `INSERT INTO runs (id, experiment_id, name, status, model_type, config, params, tags, seed, created_at, starred) VALUES (?, 1, ?, ?, 'mlp', '{}', ?, ?, 0, ?, ?)`,
  );
  const insertMetric = core.services.db.prepare('INSERT INTO metric_summaries (run_id, key, last, min, max, step) VALUES (?, ?, ?, ?, ?, 1)');
  const statuses = ['finished', 'failed', 'cancelled', 'running'];
  const optimizers = ['adam', 'sgd', 'rmsprop'];
  const owners = ['ana', 'bo', "o'neil"];
  core.services.db.transaction(() => {
    for (let i = 0; i < 400; i++) {
      const params: Record<string, string | number> = {
        lr: Number((10 ** -(1 + rand() * 3)).toPrecision(3)),
        optimizer: optimizers[i % 3],
        batchSize: [16, 32, 64][Math.floor(rand() * 3)],
      };
      // MLflow logs every param as a string: these must still compare as numbers.
      if (i % 4 === 0) params.lrText = String(params.lr);
      const tags: Record<string, string> = i % 5 === 0 ? {} : { owner: owners[i % 3] };
      const metrics: Record<string, number> = {};
      if (i % 7 !== 0) metrics.val_accuracy = Math.round(rand() * 1000) / 1000;
      metrics.loss = Math.round(rand() * 1000) / 1000;
      const r: Fake = {
        id: `run${String(i).padStart(4, '0')}`,
        name: `trial-${i}${i % 10 === 0 ? '-cnn' : ''}`,
        status: statuses[i % 4],
        params,
        tags,
        metrics,
        starred: i % 9 === 0,
      };
      runs.push(r);
      insertRun.run(r.id, r.name, r.status, JSON.stringify(params), JSON.stringify(tags), i, Number(r.starred));
      for (const [k, v] of Object.entries(metrics)) insertMetric.run(r.id, k, v, v, v);
    }
  })();
});
afterAll(() => core.close());

function num(v: unknown): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return null;
}

function ids(filter: string): string[] {
  return core.services.runs
    .query({ filter, offset: 0, limit: 10000 })
    .runs.map((r) => r.id)
    .sort();
}

function expected(pred: (r: Fake) => boolean): string[] {
  return runs
    .filter(pred)
    .map((r) => r.id)
    .sort();
}

describe('runs query', () => {
  const cases: [string, (r: Fake) => boolean][] = [
    ['params.lr < 0.01', (r) => (r.params.lr as number) < 0.01],
    ['params.lrText < 0.01', (r) => r.params.lrText !== undefined && num(r.params.lrText)! < 0.01],
    ['metrics.val_accuracy >= 0.9', (r) => r.metrics.val_accuracy !== undefined && r.metrics.val_accuracy >= 0.9],
    [
      'params.lr < 0.01 and metrics.val_accuracy >= 0.5 and tags.owner = "ana" and status = finished',
      (r) => (r.params.lr as number) < 0.01 && (r.metrics.val_accuracy ?? -1) >= 0.5 && r.tags.owner === 'ana' && r.status === 'finished',
    ],
    [
      'status = failed or status = cancelled and params.optimizer = adam',
      (r) => r.status === 'failed' || (r.status === 'cancelled' && r.params.optimizer === 'adam'),
    ],
    [
      '(status = failed or status = cancelled) and params.optimizer = adam',
      (r) => (r.status === 'failed' || r.status === 'cancelled') && r.params.optimizer === 'adam',
    ],
    ['not status = finished', (r) => r.status !== 'finished'],
    ['tags.owner != ana', (r) => r.tags.owner !== 'ana'],
    ['tags.owner is null', (r) => r.tags.owner === undefined],
    ['metrics.val_accuracy is not null and metrics.loss <= 0.2', (r) => r.metrics.val_accuracy !== undefined && r.metrics.loss <= 0.2],
    ['params.batchSize in (16, 64)', (r) => [16, 64].includes(r.params.batchSize as number)],
    ['params.optimizer not in (adam, sgd)', (r) => !['adam', 'sgd'].includes(r.params.optimizer as string)],
    ['name ~ CNN', (r) => r.name.toLowerCase().includes('cnn')],
    ['name !~ "trial-1"', (r) => !r.name.includes('trial-1')],
    ['tags.owner = "o\'neil"', (r) => r.tags.owner === "o'neil"],
    ['starred = true', (r) => r.starred],
    ['params.batchSize >= 32 and params.batchSize < 64', (r) => (r.params.batchSize as number) >= 32 && (r.params.batchSize as number) < 64],
  ];
  for (const [filter, pred] of cases) {
    it(`matches the reference for: ${filter}`, () => {
      const want = expected(pred);
      expect(want.length).toBeGreaterThan(0);
      expect(ids(filter)).toEqual(want);
    });
  }

  it('sorts by a metric with runs lacking it last, both ways', () => {
    for (const dir of ['asc', 'desc'] as const) {
      const page = core.services.runs.query({ sort: { field: 'metrics.val_accuracy', dir }, offset: 0, limit: 10000 });
      const values = page.runs.map((r) => r.metrics.val_accuracy?.last ?? null);
      const present = values.filter((v): v is number => v !== null);
      expect(values.slice(present.length).every((v) => v === null)).toBe(true);
      const sorted = [...present].sort((a, b) => (dir === 'asc' ? a - b : b - a));
      expect(present).toEqual(sorted);
    }
  });

  it('sorts numbers stored as text numerically', () => {
    const page = core.services.runs.query({ filter: 'params.lrText is not null', sort: { field: 'params.lrText', dir: 'asc' }, offset: 0, limit: 1000 });
    const values = page.runs.map((r) => Number(r.params.lrText));
    expect(values).toEqual([...values].sort((a, b) => a - b));
  });

  it('pages consistently: pages concatenate to the whole sorted result', () => {
    const all = core.services.runs.query({ sort: { field: 'params.lr', dir: 'desc' }, offset: 0, limit: 10000 }).runs.map((r) => r.id);
    const pages: string[] = [];
    for (let offset = 0; offset < 400; offset += 64) {
      const page = core.services.runs.query({ sort: { field: 'params.lr', dir: 'desc' }, offset, limit: 64 });
      expect(page.total).toBe(400);
      pages.push(...page.runs.map((r) => r.id));
    }
    expect(pages).toEqual(all);
  });

  it('treats hostile input as values or rejects it, and never runs it', () => {
    const hostile = [
      `name = "x" or 1=1`,
      `name = "'; DROP TABLE runs; --"`,
      `params."lr') IS NULL OR ('1'='1" = 1`,
      `tags.owner = "\\" OR 1=1 --"`,
      `name ~ "%"`,
      `name ~ "_"`,
      `status = finished; DELETE FROM runs`,
      `params.lr < 0.01 union select * from runs`,
    ];
    for (const filter of hostile) {
      try {
        const got = ids(filter);
        expect(got.length, filter).toBeLessThan(400);
      } catch (err) {
        expect((err as Error).message, filter).toMatch(/^Filter: /);
      }
    }
    expect(core.services.db.prepare('SELECT COUNT(*) FROM runs').pluck().get()).toBe(400);
    expect(ids('name ~ "%"')).toEqual([]);
    expect(() => core.services.runs.query({ sort: { field: 'created; DROP TABLE runs', dir: 'asc' }, offset: 0, limit: 5 })).toThrow(/^Sort: /);
  });

  it('warns about keys no run has, naming the nearest that exist, on the first page only', () => {
    const q = (filter: string, offset = 0, experimentId?: number) => core.services.runs.query({ filter, offset, limit: 5, experimentId });
    const page = q('params.learning_rate < 0.01 or metrics.val_acc > 0.9 or tags.ownr = ana or params.zzz = 1 or params.lr < 1');
    expect(page.warnings).toEqual([
      'No run here has params.learning_rate; did you mean params.lr?',
      'No run here has metrics.val_acc; did you mean metrics.val_accuracy?',
      'No run here has tags.ownr; did you mean tags.owner?',
      'No run here has params.zzz (params there: batchSize, lr, lrText, optimizer)',
    ]);
    expect(page.total).toBeGreaterThan(0);
    expect(q('metrics.val_acc.max > 0.9').warnings).toEqual(['No run here has metrics.val_acc.max; did you mean metrics.val_accuracy.max?']);
    expect(q('params.lr < 0.01 and metrics.val_accuracy > 0.5 and tags.owner = ana').warnings).toEqual([]);
    expect(q('params.zzz = 1', 5).warnings).toEqual([]);
    expect(q('params.lr < 1', 0, 999).warnings).toEqual(['No run in this experiment has params.lr']);
    // A sort on a key no run has orders nothing: said the same way.
    expect(core.services.runs.query({ sort: { field: 'metrics.val_acc', dir: 'desc' }, offset: 0, limit: 5 }).warnings).toEqual([
      'No run here has metrics.val_acc; did you mean metrics.val_accuracy?',
    ]);
    expect(core.services.runs.query({ filter: 'params.lr < 1', sort: { field: 'params.lr', dir: 'desc' }, offset: 0, limit: 5 }).warnings).toEqual([]);
  });

  it("runs a long flat or-chain without hitting SQLite's expression depth limit", () => {
    // The shortest terms, as many as the length cap allows: over 1000, SQLite's limit, if nested one per term.
    const filter = Array(1100).fill('id!=a').join(' or ');
    expect(filter.length).toBeLessThanOrEqual(10000);
    expect(ids(filter)).toHaveLength(400);
    expect(ids(Array(990).fill('id!=a').join(' and '))).toHaveLength(400);
  });

  it('refuses text where a metric needs a number, rather than comparing it as text', () => {
    expect(() => ids('metrics.loss < "abc"')).toThrow(/^Filter: metrics.loss is a number; "abc" is not one$/);
    expect(() => ids('metrics.loss in (0.5, "x")')).toThrow(/^Filter: metrics.loss is a number/);
    expect(() => ids('metrics.loss < NaN')).toThrow(/^Filter: NaN is not a value a filter can compare with/);
    expect(ids('metrics.loss < "0.5"'.replace(/"/g, ''))).toEqual(expected((r) => r.metrics.loss < 0.5));
  });

  it('lists the param, metric and tag keys for choosing columns', () => {
    expect(core.services.runs.columns()).toEqual({ params: ['batchSize', 'lr', 'lrText', 'optimizer'], metrics: ['loss', 'val_accuracy'], tags: ['owner'] });
  });
});
