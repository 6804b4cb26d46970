import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../shared/domain';
import { formatDuration, formatMetric } from '../../renderer/src/lib/format';
import { paramRows } from '../../renderer/src/lib/params';
import { progressFraction, progressLabel } from '../../renderer/src/lib/progress';
import { parseRoute, routeHref } from '../../renderer/src/lib/route';
import { appendPoints, epochFamilies, thin } from '../../renderer/src/lib/series';
import { cellValue, columnDef, csvValue, defaultSortDir, scopedKey } from '../../renderer/src/features/runs/columns';
import { smoothEma } from '../../renderer/src/lib/smoothing';
import { csvField, csvLine } from '../../shared/csv/write';
import { aggregateByStep, groupRuns } from '../../renderer/src/lib/aggregate';
import { parseTag } from '../../shared/runs/tags';
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
    expect(parseRoute('#/new-run?clone=r%201')).toEqual({ name: 'new-run', cloneOf: 'r 1' });
    expect(parseRoute('#/experiments/x').name).toBe('not-found');
    expect(parseRoute('#/experiments/2?filter=tags.owner%20%3D%20%22ana%22')).toEqual({ name: 'runs', experimentId: 2, filter: 'tags.owner = "ana"' });
  });
  it('round-trips hrefs', () => {
    for (const hash of [
      '#/experiments/7',
      '#/experiments?filter=params.lr%20%3C%200.01',
      '#/runs/r1',
      '#/compare?ids=a,b',
      '#/datasets',
      '#/new-run',
      '#/new-run?clone=r1',
    ]) {
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
    const curves = appendPoints(
      {},
      Array.from({ length: 11 }, (_, i) => pt('batch/loss', i)),
      10,
    );
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

describe('runs table columns', () => {
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
    origin: null,
    ...over,
  });
  it('reads params, metric aggregates, tags and attributes by field key', () => {
    const a = run('a', { metrics: { loss: { last: 0.5, min: 0.1, max: 1, step: 3 } }, params: { learningRate: 0.01, 'odd key': 3 }, tags: { owner: 'ana' } });
    expect(cellValue(a, 'params.learningRate')).toBe(0.01);
    expect(cellValue(a, 'metrics.loss')).toBe(0.5);
    expect(cellValue(a, 'metrics.loss.min')).toBe(0.1);
    expect(cellValue(a, 'metrics.loss.max')).toBe(1);
    expect(cellValue(a, 'metrics.val_loss')).toBeNull();
    expect(cellValue(a, 'tags.owner')).toBe('ana');
    expect(cellValue(a, 'dataset')).toBe('iris@1');
    expect(cellValue(a, scopedKey('params', 'odd key'))).toBe(3);
    expect(scopedKey('params', 'odd key')).toBe('params."odd key"');
    expect(csvValue(a, 'created')).toBe('1970-01-01T00:00:00.000Z');
  });
  it('labels columns and picks a natural first sort direction', () => {
    expect(columnDef('metrics.val_accuracy').label).toBe('val_acc');
    expect(columnDef('metrics.val_loss.min').label).toBe('val_loss min');
    expect(columnDef('params.learningRate').numeric).toBe(true);
    expect(defaultSortDir('name')).toBe('asc');
    expect(defaultSortDir('tags.owner')).toBe('asc');
    expect(defaultSortDir('metrics.loss')).toBe('desc');
  });
});

describe('compare helpers', () => {
  it('smooths with a debiased EMA like TensorBoard', () => {
    const raw = [1, 1, 1, 1];
    expect(smoothEma(raw, 0)).toBe(raw);
    // Debiasing keeps a constant series constant instead of ramping up from zero.
    for (const v of smoothEma(raw, 0.9)) expect(v).toBeCloseTo(1, 10);
    const s = smoothEma([0, 10], 0.5);
    expect(s[0]).toBe(0);
    expect(s[1]).toBeCloseTo((0.5 * 10) / (1 - 0.25), 10);
    expect(smoothEma([1, NaN, 3], 0.5)[1]).toBeNaN();
  });
  it('aggregates runs by step into mean, min and max', () => {
    const band = aggregateByStep([
      { steps: [1, 2, 3], values: [1, 2, 3] },
      { steps: [1, 2], values: [3, 4] },
    ]);
    expect(band.xs).toEqual([1, 2, 3]);
    expect(band.mean).toEqual([2, 3, 3]);
    expect(band.min).toEqual([1, 2, 3]);
    expect(band.max).toEqual([3, 4, 3]);
  });
  it('groups by a value, numbers ascending and missing last', () => {
    const groups = groupRuns([{ v: 32 }, { v: 8 }, { v: undefined }, { v: 8 }], (x) => x.v);
    expect(groups.map((g) => [g.key, g.items.length])).toEqual([
      ['8', 2],
      ['32', 1],
      ['—', 1],
    ]);
  });
});

describe('csv and tags', () => {
  it('quotes only what needs quoting', () => {
    expect(csvLine(['a', 1.5, null, true])).toBe('a,1.5,,true');
    expect(csvField('x,y')).toBe('"x,y"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    // Edge whitespace would be trimmed by readers; a value that is not a number is missing.
    expect(csvField(' padded')).toBe('" padded"');
    expect(csvField('tab\t')).toBe('"tab\t"');
    expect(csvLine([NaN, Infinity, undefined, 'in side'])).toBe(',,,in side');
  });
  it('parses key=value tags', () => {
    expect(parseTag('owner=ana')).toEqual({ key: 'owner', value: 'ana' });
    expect(parseTag(' stage = prod=1 ')).toEqual({ key: 'stage', value: 'prod=1' });
    expect(parseTag('=x')).toBeNull();
    expect(parseTag('novalue')).toBeNull();
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
