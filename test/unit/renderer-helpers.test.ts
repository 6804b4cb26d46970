import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../shared/domain';
import { formatDuration, formatMetric } from '../../renderer/src/lib/format';
import { paramRows } from '../../renderer/src/lib/params';
import { progressFraction, progressLabel } from '../../renderer/src/lib/progress';
import { parseRoute, routeHref } from '../../renderer/src/lib/route';
import { appendPoints, epochFamilies, thin } from '../../renderer/src/lib/series';
import { sortRuns } from '../../renderer/src/features/runs/sortRuns';
import { buildStartInput, fieldForPath, initialForm } from '../../renderer/src/features/new-run/formModel';
import { backoffMs, eventsUrl } from '../../renderer/src/api/http';

describe('routes', () => {
  it('parses every screen', () => {
    expect(parseRoute('')).toEqual({ name: 'runs', experimentId: null });
    expect(parseRoute('#/experiments/3')).toEqual({ name: 'runs', experimentId: 3 });
    expect(parseRoute('#/runs/abc%20d')).toEqual({ name: 'run', runId: 'abc d' });
    expect(parseRoute('#/compare?ids=a,b,,a')).toEqual({ name: 'compare', runIds: ['a', 'b'] });
    expect(parseRoute('#/datasets')).toEqual({ name: 'datasets' });
    expect(parseRoute('#/new-run')).toEqual({ name: 'new-run' });
    expect(parseRoute('#/experiments/x').name).toBe('not-found');
  });
  it('round-trips hrefs', () => {
    for (const hash of ['#/experiments/7', '#/runs/r1', '#/compare?ids=a,b', '#/datasets', '#/new-run']) {
      expect(routeHref(parseRoute(hash))).toBe(hash);
    }
  });
});

describe('live curves', () => {
  const pt = (key: string, step: number, value = step) => ({ key, step, value, time: 0 });

  it('appends new steps and drops ones a fetch already returned', () => {
    const start = { loss: { steps: [1, 2], values: [1, 2] } };
    const next = appendPoints(start, [pt('loss', 2), pt('loss', 3), pt('val_loss', 1)]);
    expect(next.loss.steps).toEqual([1, 2, 3]);
    expect(next.val_loss.steps).toEqual([1]);
    expect(start.loss.steps).toEqual([1, 2]); // never mutated
    expect(appendPoints(next, [pt('loss', 1)])).toBe(next);
  });

  it('thins past the cap but keeps the latest point', () => {
    const curves = appendPoints({}, Array.from({ length: 11 }, (_, i) => pt('batch/loss', i)), 10);
    expect(curves['batch/loss'].steps.length).toBeLessThanOrEqual(10);
    expect(curves['batch/loss'].steps.at(-1)).toBe(10);
    expect(thin({ steps: [0, 1, 2, 3], values: [0, 1, 2, 3] }).steps).toEqual([0, 2, 3]);
  });

  it('groups train and val keys into families, loss first', () => {
    expect(epochFamilies(['val_accuracy', 'mae', 'batch/loss', 'accuracy'])).toEqual(['loss', 'accuracy', 'mae']);
  });
});

describe('params comparison', () => {
  it('marks rows whose values differ, including params only some runs have', () => {
    const rows = paramRows([
      { lr: 0.1, model: 'mlp', hiddenUnits: '64' },
      { lr: 0.01, model: 'mlp', filters: '16' },
    ]);
    const byName = Object.fromEntries(rows.map((r) => [r.name, r.differs]));
    expect(byName).toEqual({ lr: true, model: false, hiddenUnits: true, filters: true });
  });
});

describe('progress', () => {
  it('reads epoch as 1-based and clamps', () => {
    const p = { epoch: 2, epochs: 4, batch: 5, batchesPerEpoch: 10, etaMs: null, samplesPerSec: null };
    expect(progressFraction(p)).toBeCloseTo(0.375);
    expect(progressLabel(p)).toBe('Epoch 2/4');
    expect(progressFraction({ ...p, epoch: 0, batch: 0 })).toBe(0);
    expect(progressFraction({ ...p, epoch: 9 })).toBe(1);
    expect(progressFraction(null)).toBe(0);
  });
});

describe('formatting', () => {
  it('formats durations and metrics', () => {
    expect(formatDuration(5_000)).toBe('5s');
    expect(formatDuration(125_000)).toBe('2m 05s');
    expect(formatDuration(3_720_000)).toBe('1h 02m');
    expect(formatMetric(undefined)).toBe('—');
    expect(formatMetric(0.123456)).toBe('0.1235');
  });
});

describe('runs table sorting', () => {
  const run = (id: string, over: Partial<RunSummary>): RunSummary => ({
    id,
    name: id,
    experimentId: 1,
    experimentName: 'Default',
    status: 'finished',
    modelType: 'mlp',
    engine: 'wasm',
    device: 'cpu',
    seed: 1,
    params: {},
    tags: {},
    starred: false,
    archived: false,
    datasetName: 'iris',
    datasetVersion: 1,
    createdAt: 0,
    startedAt: 0,
    endedAt: 0,
    metrics: {},
    progress: null,
    ...over,
  });
  const runs = [
    run('a', { metrics: { loss: { last: 0.5, min: 0, max: 1, step: 3 } }, params: { learningRate: 0.01 } }),
    run('b', { params: { learningRate: 0.1 } }),
    run('c', { metrics: { loss: { last: 0.2, min: 0, max: 1, step: 3 } }, params: { learningRate: 0.001 } }),
  ];
  it('sorts by metric with missing values last in both directions', () => {
    expect(sortRuns(runs, 'loss', 'asc').map((r) => r.id)).toEqual(['c', 'a', 'b']);
    expect(sortRuns(runs, 'loss', 'desc').map((r) => r.id)).toEqual(['a', 'c', 'b']);
  });
  it('sorts by param and by name', () => {
    expect(sortRuns(runs, 'learningRate', 'desc').map((r) => r.id)).toEqual(['b', 'a', 'c']);
    expect(sortRuns(runs, 'name', 'desc').map((r) => r.id)).toEqual(['c', 'b', 'a']);
  });
});

describe('new run form', () => {
  it('builds a runs.start input from the defaults', () => {
    const result = buildStartInput({ ...initialForm(), datasetId: '3', hiddenUnits: '128, 64', epochs: '5' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.input.datasetId).toBe(3);
    expect(result.input.experiment).toBe('Default');
    expect(result.input.config?.epochs).toBe(5);
    expect(result.input.config?.mlp?.hiddenUnits).toEqual([128, 64]);
    expect(result.input.config?.cnn).toBeUndefined();
  });
  it('puts errors on the fields they belong to', () => {
    const result = buildStartInput({ ...initialForm(), datasetId: '', filters: 'a,b', model: 'cnn', learningRate: '-1', epochs: '' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(['datasetId', 'epochs', 'filters', 'learningRate']);
  });
  it('maps core issue paths to fields', () => {
    expect(fieldForPath(['config', 'learningRate'])).toBe('learningRate');
    expect(fieldForPath(['config', 'cnn', 'dropout'])).toBe('cnnDropout');
    expect(fieldForPath(['mlp', 'hiddenUnits', 0])).toBe('hiddenUnits');
    expect(fieldForPath(['datasetId'])).toBe('datasetId');
    expect(fieldForPath(['whatever'])).toBe('form');
  });
});

describe('http transport helpers', () => {
  it('builds a same-host event URL with the matching scheme', () => {
    expect(eventsUrl({ protocol: 'http:', host: '127.0.0.1:4777' }, 'a b')).toBe('ws://127.0.0.1:4777/api/events?token=a%20b');
    expect(eventsUrl({ protocol: 'https:', host: 'box:443' }, 't')).toBe('wss://box:443/api/events?token=t');
  });
  it('backs off up to a ceiling', () => {
    expect(backoffMs(0)).toBeLessThanOrEqual(625);
    expect(backoffMs(20)).toBeLessThanOrEqual(12_500);
    expect(backoffMs(20)).toBeGreaterThanOrEqual(7_500);
  });
});
