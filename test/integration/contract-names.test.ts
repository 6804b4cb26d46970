import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { Core } from '../../electron/core/core';
import { calls } from '../../shared/api/contract';
import { datasetKey, experimentKey } from '../../shared/api/calls/keys';
import { dataset, tempDir } from '../helpers';

// Calls take a dataset or an experiment by id or by name (the CLI and scripts know names), and
// resolve either in the core, through Core.dispatch as every client reaches it: an unknown name is
// one not_found naming it, whichever call it came to.

let core: Core;
let dir: string;
let runId: string;

const call = (name: string, input: unknown) => core.dispatch(name, input);
async function ok(name: string, input: unknown): Promise<unknown> {
  const res = await call(name, input);
  if (!res.ok) throw new Error(`${name}: ${res.error.message}`);
  return res.value;
}

beforeAll(async () => {
  dir = tempDir('cairn-contract-names-');
  core = new Core({ dataDir: path.join(dir, 'data'), transport: 'http' });
  await ok('datasets.import', { path: dataset('iris.csv'), name: 'iris' });
  const started = (await ok('runs.start', { datasetId: 'iris', experiment: 'named', config: { model: 'mlp', epochs: 1, seed: 1 } })) as { id: string };
  runId = started.id;
  await ok('runs.wait', { id: runId });
}, 120_000);
afterAll(() => core.close());

/** Whether `key` is somewhere in the call's input schema. */
function holds(schema: z.ZodType, key: z.ZodType): boolean {
  if (schema === key) return true;
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
  const inner = (s: unknown) => holds(s as z.ZodType, key);
  if (def.type === 'object') return Object.values(def.shape as Record<string, unknown>).some(inner);
  if (def.type === 'union') return (def.options as unknown[]).some(inner);
  if (def.type === 'array') return inner(def.element);
  if (['optional', 'default', 'nullable', 'prefault', 'readonly'].includes(def.type)) return inner(def.innerType);
  return false;
}

/** Each call that takes a dataset, with an input naming one (`D`) that is otherwise valid. */
function datasetInputs(d: string, out: string): Record<string, unknown> {
  const ref = { datasetId: d };
  return {
    'datasets.get': { id: d },
    'datasets.version': { id: d },
    'datasets.quality': { id: d },
    'datasets.export': { id: d, format: 'csv', path: out },
    'datasets.diff': { id: d, from: 1, to: 1 },
    'datasets.split': { id: d },
    'datasets.splits': { id: d },
    'labels.schema': { datasetId: d },
    'labels.setSchema': { datasetId: d, task: 'single', classes: [{ name: 'a' }] },
    'labels.status': { datasetId: d },
    'labels.queue': { datasetId: d },
    'labels.save': { datasetId: d, itemIds: [1], value: { labels: ['a'] } },
    'labels.undo': { datasetId: d },
    'labels.review': { datasetId: d, itemId: 1, verdict: 'accept' },
    'labels.history': { datasetId: d, itemId: 1 },
    'labels.commit': { datasetId: d },
    'labels.agreement': { datasetId: d },
    'labels.assistRuns': { datasetId: d },
    'labels.suggest': { datasetId: d, runId },
    'labels.findErrors': { datasetId: d, runId },
    'labels.cancelFindErrors': { datasetId: d },
    'labels.retrain': { datasetId: d, runId },
    'runs.start': { datasetId: d, config: { model: 'mlp', epochs: 1 } },
    'monitoring.drift': { reference: ref, current: { datasetId: 'iris' } },
    'monitoring.predictionDrift': { model: runId, current: ref },
    'monitoring.timeline': { model: runId, current: ref },
    'monitoring.retrain': { runId, newData: ref },
    'evaluations.run': { model: runId, data: ref },
  };
}

describe('names in calls', () => {
  it('covers every call that takes a dataset or an experiment', () => {
    const taking = (key: z.ZodType) =>
      Object.entries(calls)
        .filter(([, schema]) => holds(schema as z.ZodType, key))
        .map(([name]) => name)
        .sort();
    expect(taking(datasetKey)).toEqual(Object.keys(datasetInputs('x', '')).sort());
    expect(taking(experimentKey)).toEqual(['experiments.cost', 'experiments.setBudget', 'runs.columns', 'runs.list', 'runs.query']);
  });

  it('answers one not_found naming an unknown dataset, from every call that takes one', async () => {
    const inputs = datasetInputs('nope', path.join(dir, 'out.csv'));
    for (const [name, input] of Object.entries(inputs)) {
      expect({ name, res: await call(name, input) }).toEqual({
        name,
        res: { ok: false, error: { code: 'not_found', message: 'No dataset named "nope"', field: 'dataset' } },
      });
    }
  }, 60_000);

  it('resolves a dataset name to what its id gives', async () => {
    const version = (await ok('datasets.version', { id: 'iris' })) as { datasetId: number; version: number; rows: number };
    expect(version).toMatchObject({ version: 1, rows: 150 });
    for (const name of ['datasets.get', 'datasets.quality', 'datasets.splits']) {
      expect(await ok(name, { id: 'iris' })).toEqual(await ok(name, { id: version.datasetId }));
    }
    expect(await ok('labels.status', { datasetId: 'iris' })).toEqual(await ok('labels.status', { datasetId: version.datasetId }));
    expect(await call('datasets.version', { id: 'iris', version: 9 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    // A name is looked up as given.
    for (const id of ['', ' iris'])
      expect(await call('datasets.quality', { id })).toEqual({
        ok: false,
        error: { code: 'not_found', message: `No dataset named "${id}"`, field: 'dataset' },
      });
  });

  it('resolves an experiment name, and names an unknown one', async () => {
    const [experiment] = ((await ok('experiments.list', {})) as { id: number; name: string }[]).filter((e) => e.name === 'named');
    const byName = (await ok('runs.query', { experimentId: 'named' })) as { runs: { id: string }[] };
    expect(byName.runs.map((r) => r.id)).toEqual([runId]);
    expect(await ok('runs.query', { experimentId: experiment.id })).toEqual(byName);
    expect(await ok('experiments.cost', { experimentId: 'named' })).toEqual(await ok('experiments.cost', { experimentId: experiment.id }));
    for (const [name, input] of [
      ['runs.list', {}],
      ['runs.query', {}],
      ['runs.columns', {}],
      ['experiments.cost', {}],
      ['experiments.setBudget', { budget: 1 }],
    ] as const) {
      expect({ name, res: await call(name, { ...input, experimentId: 'nope' }) }).toEqual({
        name,
        res: { ok: false, error: { code: 'not_found', message: 'No experiment named "nope"', field: 'experiment' } },
      });
    }
  });

  it('waits for a run through runs.wait, which answers at once for one that has ended', async () => {
    expect(await ok('runs.wait', { id: runId.slice(0, 8) })).toMatchObject({ id: runId, status: 'finished', error: null, experimentName: 'named' });
  });
});
