import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreChange } from '../../shared/api/contract';
import { Core } from '../../electron/core/core';
import { cliOn, dataset, tempDir } from '../helpers';

// Writes that used to publish nothing (label sets, splits, the registry, budgets) and writes by
// another process: each reaches this process's `changed` listeners with the tables it wrote.

let dataDir: string;
let core: Core;
let datasetId: number;
const seen: StoreChange[] = [];

beforeAll(async () => {
  dataDir = path.join(tempDir(), 'data');
  core = new Core({ dataDir, transport: 'http' });
  core.events.on('changed', (c) => seen.push(c));
  const imported = await core.dispatch('datasets.import', { path: dataset('iris.csv'), name: 'iris' });
  expect(imported).toMatchObject({ ok: true });
  datasetId = (imported as { value: { id: number } }).value.id;
});
afterAll(() => core.close());

async function call(name: string, input: unknown): Promise<unknown> {
  const r = await core.dispatch(name, input);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** This process's commits are published on the next turn of the event loop. */
const settle = () => new Promise((r) => setImmediate(r));

/** The changes published after `write`, merged. */
async function changesOf(write: () => Promise<unknown>): Promise<{ tables: string[]; ids: Record<string, (string | number)[]>; external: boolean[] }> {
  await settle();
  seen.length = 0;
  await write();
  await settle();
  const ids: Record<string, (string | number)[]> = {};
  for (const c of seen) for (const [t, keys] of Object.entries(c.ids)) ids[t] = [...(ids[t] ?? []), ...keys];
  return { tables: [...new Set(seen.flatMap((c) => c.tables))].sort(), ids, external: seen.map((c) => c.external) };
}

describe('changes published by the store', () => {
  it('labels.setSchema publishes label_schemas keyed by its dataset', async () => {
    const c = await changesOf(() => call('labels.setSchema', { datasetId, task: 'single', classes: [{ name: 'setosa' }, { name: 'other' }] }));
    expect(c).toEqual({ tables: ['label_schemas'], ids: { label_schemas: [datasetId] }, external: [false] });
  });

  it('datasets.split publishes the version split tables', async () => {
    const c = await changesOf(() => call('datasets.split', { id: datasetId, validation: 0.2, test: 0.2, seed: 7 }));
    expect(c.tables).toEqual(['version_split_specs', 'version_splits']);
    const versionId = core.services.db.prepare('SELECT id FROM dataset_versions WHERE dataset_id = ?').pluck().get(datasetId) as number;
    expect(c.ids.version_split_specs).toEqual([versionId]);
  });

  it('experiments.setBudget publishes the experiment', async () => {
    const c = await changesOf(() => call('experiments.setBudget', { experimentId: 1, budget: 25 }));
    expect(c).toEqual({ tables: ['experiments'], ids: { experiments: [1] }, external: [false] });
  });

  it("sees a CLI process's settings write, so the desktop app can apply it", async () => {
    await settle();
    seen.length = 0;
    const r = cliOn(dataDir)(['settings', 'set', '--mlflow-server', 'on', '--json']);
    expect(r.code, r.stderr).toBe(0);
    core.changes.poll();
    expect(seen).toEqual([{ tables: ['settings'], ids: expect.any(Object), external: true }]);
    expect(await call('settings.get', {})).toMatchObject({ mlflowServer: { enabled: true } });
  });

  it("sees a CLI process's run as external changes, and the registry's writes publish models and aliases", async () => {
    await settle();
    seen.length = 0;
    const r = cliOn(dataDir, 170_000)(['train', '--dataset', 'iris', '--epochs', '3', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const runId = JSON.parse(r.stdout).runId as string;
    core.changes.poll();
    const external = seen.filter((c) => c.external);
    expect(external.flatMap((c) => c.tables)).toEqual(expect.arrayContaining(['runs', 'metrics']));
    expect(external.flatMap((c) => c.ids.runs ?? [])).toContain(runId);
    expect(seen.every((c) => c.external)).toBe(true);

    // Renamed and tagged from the CLI: the row's change reaches this process, keyed by the run.
    const cli = (...args: string[]) => cliOn(dataDir)(['runs', ...args]);
    seen.length = 0;
    expect(cli('rename', runId.slice(0, 8), 'renamed').code).toBe(0);
    const tagged = cli('tag', runId.slice(0, 8), 'owner=ana', 'stage=dev', '--json');
    expect(tagged.code, tagged.stderr).toBe(0);
    expect(JSON.parse(tagged.stdout)).toMatchObject({ name: 'renamed', tags: { owner: 'ana', stage: 'dev' } });
    expect(JSON.parse(cli('tag', runId.slice(0, 8), '--remove', 'stage', '--json').stdout).tags).toEqual({ owner: 'ana' });
    core.changes.poll();
    expect(seen).toEqual([{ tables: ['runs'], ids: { runs: [runId] }, external: true }]);
    // A malformed tag is one line and changes nothing.
    const bad = cli('tag', runId.slice(0, 8), 'nope');
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split('\n')).toEqual(['cairn: A tag is key=value, not "nope"']);
    seen.length = 0;
    core.changes.poll();
    expect(seen).toEqual([]);

    const registered = await changesOf(() => call('models.register', { runId, name: 'iris-clf' }));
    expect(registered.tables).toEqual(expect.arrayContaining(['models', 'model_versions']));
    const modelId = core.services.db.prepare('SELECT id FROM models WHERE name = ?').pluck().get('iris-clf') as number;
    expect(registered.ids.model_versions).toEqual([modelId]);

    const aliased = await changesOf(() => call('models.alias', { name: 'iris-clf', version: 1, alias: 'staging' }));
    expect(aliased).toEqual({
      tables: ['model_alias_history', 'model_aliases'],
      ids: { model_alias_history: [modelId], model_aliases: [modelId] },
      external: [false],
    });
  });
});
