import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/core';
import { sweepSpecSchema } from '../../shared/sweeps/spec';
import { dataset, tempDir } from '../helpers';

let core: Core;
let dataDir: string;

beforeEach(() => {
  dataDir = path.join(tempDir(), 'data');
  core = new Core({ dataDir, transport: 'http' });
});
afterEach(() => core.close());

const call = async (name: string, input: unknown) => core.dispatch(name, input);

describe('settings, cost and budgets', () => {
  it('keeps settings in the data folder with defaults, merges patches and rejects bad values', async () => {
    expect(await call('settings.get', {})).toEqual({
      ok: true,
      value: {
        pricePerHour: 0,
        currency: 'USD',
        labelerName: '',
        mlflowServer: { enabled: false, port: 5000 },
        pushTo: null,
        pipelineWebhook: '',
        pipelinesEnabled: false,
      },
    });
    await call('settings.set', { pricePerHour: 2.5, mlflowServer: { enabled: true } });
    await call('settings.set', { labelerName: 'ana' });
    core.close();
    core = new Core({ dataDir, transport: 'http' });
    expect(await call('settings.get', {})).toMatchObject({ value: { pricePerHour: 2.5, labelerName: 'ana', mlflowServer: { enabled: true, port: 5000 } } });
    const bad = await call('settings.set', { pricePerHour: -1 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await call('settings.get', {})).toMatchObject({ value: { pricePerHour: 2.5 } });
  });

  it("costs an experiment by its runs' wall time at the configured price", async () => {
    await call('settings.set', { pricePerHour: 3, currency: 'EUR' });
    const insert = core.services.db.prepare(
      "INSERT INTO runs (id, experiment_id, name, status, model_type, config, params, seed, created_at, started_at, ended_at) VALUES (?, 1, ?, 'finished', 'mlp', '{}', '{}', 0, 0, ?, ?)",
    );
    insert.run('a', 'a', 0, 30 * 60_000);
    insert.run('b', 'b', 0, 90 * 60_000);
    const cost = await call('experiments.cost', { experimentId: 1 });
    expect(cost).toEqual({ ok: true, value: { experimentId: 1, budget: null, computeHours: 2, spent: 6, currency: 'EUR' } });
    expect(await call('experiments.setBudget', { experimentId: 1, budget: 10 })).toMatchObject({ value: { budget: 10, spent: 6 } });
  });

  it('warns when a sweep would take the experiment past its budget', async () => {
    await core.services.datasets.import({ path: dataset('iris.csv'), name: 'iris' });
    await call('settings.set', { pricePerHour: 3600 });
    const exp = core.services.runs.experimentByName('budgeted', true)!;
    core.services.db
      .prepare(
        "INSERT INTO runs (id, experiment_id, name, status, model_type, config, params, seed, created_at, started_at, ended_at) VALUES ('old', ?, 'old', 'finished', 'mlp', '{}', '{}', 0, 0, 0, 1000)",
      )
      .run(exp.id);
    await call('experiments.setBudget', { experimentId: exp.id, budget: 2.5 });
    const spec = sweepSpecSchema.parse({
      dataset: 'iris',
      experiment: 'budgeted',
      method: 'grid',
      base: { epochs: 1, engine: 'cpu' },
      space: { learningRate: { values: [0.01, 0.02] } },
    });
    const res = await call('sweeps.start', { spec });
    expect(res.ok).toBe(true);
    const started = (res as { value: { id: number; warnings: string[] } }).value;
    // One earlier run of 1 s at 1/s: 1 spent, 2 trials x 1 s more = 3 > 2.5.
    expect(started.warnings).toEqual([expect.stringMatching(/may cost about 2\.00 USD \(2 trials.*exceeds the experiment's budget of 2\.5 USD/)]);
    const done = await core.services.sweeps.wait(started.id);
    expect(done.status).toBe('finished');
  });
});
