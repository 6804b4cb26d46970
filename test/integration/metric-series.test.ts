import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/core';
import { truncateAfter } from '../../electron/core/runs/metric-store';
import { tempDir } from '../helpers';

// Chart series for long runs come from per-bucket extremes; they must keep every spike and dip.

let core: Core;

beforeAll(() => {
  core = new Core({ dataDir: path.join(tempDir(), 'data'), transport: 'http' });
  core.services.db
    .prepare(
      "INSERT INTO runs (id, experiment_id, name, status, model_type, config, params, seed, created_at) VALUES ('long', 1, 'long', 'finished', 'mlp', '{}', '{}', 0, 0)",
    )
    .run();
  const spikes = new Map([
    [12_345, 40],
    [77_777, -30],
    [99_999, 5],
  ]);
  for (let start = 0; start < 100_000; start += 1000) {
    core.services.metrics.write(
      'long',
      Array.from({ length: 1000 }, (_, i) => {
        const step = start + i;
        return { key: 'batch/loss', step, value: spikes.get(step) ?? Math.sin(step / 500) + (step % 13) / 100, time: 1_000_000 + step };
      }),
    );
  }
});
afterAll(() => core.close());

describe('metric series for charts', () => {
  it('serves a 100,000-point series in at most the asked points, keeping the global min and max and the last point', () => {
    const [s] = core.services.metrics.series(['long'], ['batch/loss'], 2000);
    expect(s.steps.length).toBeLessThanOrEqual(2000);
    expect(s.steps.length).toBeGreaterThan(1000);
    expect(Math.max(...s.values)).toBe(40);
    expect(Math.min(...s.values)).toBe(-30);
    expect(s.steps).toContain(12_345);
    expect(s.steps).toContain(77_777);
    expect(s.steps[s.steps.length - 1]).toBe(99_999);
    expect([...s.steps].sort((a, b) => a - b)).toEqual(s.steps);
    expect(s.times[s.steps.indexOf(12_345)]).toBe(1_000_000 + 12_345);
  });

  it('keeps each bucket extreme: the series min and max of every 128-step window survive at full budget', () => {
    const [s] = core.services.metrics.series(['long'], ['batch/loss'], 4000);
    const got = new Set(s.steps);
    const raw = core.services.db.prepare("SELECT step, value FROM metrics WHERE run_id = 'long' AND step < 128 * 20").raw().all() as [number, number][];
    for (let b = 0; b < 20; b++) {
      const window = raw.filter(([step]) => step >> 7 === b);
      const lo = window.reduce((a, c) => (c[1] < a[1] ? c : a));
      const hi = window.reduce((a, c) => (c[1] > a[1] ? c : a));
      expect(got.has(lo[0])).toBe(true);
      expect(got.has(hi[0])).toBe(true);
    }
  });

  it('returns short series point by point', () => {
    core.services.metrics.write(
      'long',
      [1, 2, 3].map((step) => ({ key: 'loss', step, value: 1 / step, time: step })),
    );
    const [s] = core.services.metrics.series(['long'], ['loss'], 2000);
    expect(s).toMatchObject({ steps: [1, 2, 3], values: [1, 0.5, 1 / 3] });
  });

  it('rebuilds buckets when points after a checkpoint are dropped', () => {
    truncateAfter(core.services.db, 'long', 0, 50_000);
    const [s] = core.services.metrics.series(['long'], ['batch/loss'], 2000);
    expect(Math.max(...s.steps)).toBe(50_000);
    expect(Math.max(...s.values)).toBe(40);
    expect(s.steps).not.toContain(77_777);
    const n = core.services.db.prepare("SELECT SUM(n) FROM metric_buckets WHERE run_id = 'long' AND key = 'batch/loss'").pluck().get();
    expect(n).toBe(50_001);
  });
});
