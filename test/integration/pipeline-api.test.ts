import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/core';
import { PipelineRunner } from '../../electron/core/pipelines/runner';
import { loadPipelineSpec } from '../../electron/core/pipelines/spec-file';
import type { PipelineRunRecord } from '../../shared/pipelines/run';
import { dataset, tempDir } from '../helpers';

// The pipeline calls the app and `cairn serve` clients use, through Core.dispatch (the contract's
// validation included). Quality-only pipelines: nothing here trains.

let core: Core;
let dir: string;

const call = async (name: string, input: unknown) => core.dispatch(name, input);

beforeAll(async () => {
  dir = tempDir('cairn-pipeline-api-');
  core = new Core({ dataDir: path.join(dir, 'data'), transport: 'http' });
  await core.services.datasets.import({ path: dataset('iris.csv'), name: 'iris' });
});
afterAll(() => core.close());

function specFile(name: string, body: string): string {
  const file = path.join(dir, `${name}.yaml`);
  fs.writeFileSync(file, `name: ${name}\ndataset: iris\nmodel: m\n${body}`);
  return file;
}

describe('pipeline calls', () => {
  it('lists definitions with their last run, starts one in the background, and gets its record', async () => {
    const file = specFile('checks', 'trigger: { kind: manual }\nsteps:\n  - type: quality\n    gates: { missing_share: 0 }\n');
    const first = await new PipelineRunner(core.services).start(loadPipelineSpec(file), { kind: 'manual', key: 'manual:first', label: 'first' });
    expect(first).toMatchObject({ id: 1, status: 'succeeded', decision: 'none' });

    const listed = await call('pipelines.list', {});
    expect(listed).toMatchObject({ ok: true, value: [{ name: 'checks', sourcePath: file, lastRun: { id: 1, status: 'succeeded', trigger: 'first' } }] });

    const changed: number[] = [];
    const off = core.events.on('pipelines.changed', ({ runId }) => changed.push(runId));
    const started = await call('pipelines.start', { name: 'checks' });
    expect(started).toEqual({ ok: true, value: { runId: 2, reason: null } });
    let record: PipelineRunRecord | null = null;
    for (let i = 0; i < 100 && record?.status !== 'succeeded'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      const got = await call('pipelines.get', { id: 2 });
      record = got.ok ? (got.value as PipelineRunRecord) : null;
    }
    off();
    expect(record).toMatchObject({
      id: 2,
      pipeline: 'checks',
      status: 'succeeded',
      trigger: { kind: 'manual' },
      steps: [{ name: 'quality', status: 'succeeded' }],
    });
    // One event as the run started, then one per step start and end, and one at the end.
    expect(changed.filter((id) => id === 2).length).toBeGreaterThanOrEqual(3);
    const runs = await call('pipelines.runs', { pipeline: 'checks' });
    expect(runs.ok && (runs.value as { id: number }[]).map((r) => r.id)).toEqual([2, 1]);
  });

  it('answers bad or impossible requests in one line', async () => {
    expect(await call('pipelines.start', { name: 'nope' })).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'Pipeline "nope" (run it once with `cairn pipeline run <spec.yaml>` so the app knows it) not found' },
    });
    expect(await call('pipelines.get', { id: 999 })).toEqual({ ok: false, error: { code: 'not_found', message: 'Pipeline run 999 not found' } });
    expect(await call('pipelines.approve', { id: 1, reason: '  ' })).toMatchObject({ ok: false, error: { code: 'invalid_input', message: 'reason: say why' } });
    expect(await call('pipelines.approve', { id: 1, reason: 'ok' })).toEqual({
      ok: false,
      error: { code: 'conflict', message: 'Pipeline run 1 is succeeded; only a run waiting for approval can be approved or rejected' },
    });
    // A watch pipeline with no new file has nothing to do.
    fs.mkdirSync(path.join(dir, 'empty'));
    const file = specFile('idle', 'trigger: { kind: watch, folder: empty }\nsteps:\n  - type: import\n');
    const idle = await new PipelineRunner(core.services).nextTrigger(loadPipelineSpec(file));
    expect(idle).toEqual({ trigger: null, reason: 'no new file matching *.csv in the watched folder' });
    expect(await call('pipelines.start', { name: 'idle' })).toEqual({
      ok: true,
      value: { runId: null, reason: 'no new file matching *.csv in the watched folder' },
    });
    // A run of a pipeline under way (here, this process's) holds the next one back: one at a time.
    const store = new PipelineRunner(core.services).store;
    const checks = store.definitions().find((d) => d.name === 'checks')!;
    const busy = store.createRun(store.pipelineId('checks')!, checks.spec, dir, { kind: 'manual', key: 'manual:busy', label: 'busy' })!;
    expect(await call('pipelines.start', { name: 'checks' })).toEqual({
      ok: true,
      value: { runId: null, reason: `run #${busy} of checks is under way; its runs go one at a time` },
    });
    store.finish(busy, 'interrupted');
  });

  it('a step that is not safe to repeat, cut short by a dead process, fails as interrupted; a safe one runs again', async () => {
    fs.mkdirSync(path.join(dir, 'drop'));
    fs.copyFileSync(dataset('iris.csv'), path.join(dir, 'drop', 'a.csv'));
    fs.utimesSync(path.join(dir, 'drop', 'a.csv'), new Date(2026, 0, 1), new Date(2026, 0, 1));
    const loaded = loadPipelineSpec(specFile('cut', 'trigger: { kind: watch, folder: drop }\nsteps:\n  - type: import\n  - type: quality\n'));
    const runner = new PipelineRunner(core.services);
    const next = await runner.nextTrigger(loaded);
    expect(next.trigger).not.toBeNull();
    // A run as a killed process leaves it: owned by a pid that is gone, its first step running.
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const pipelineId = runner.store.upsertPipeline(loaded.spec, loaded.file);
    const cut = runner.store.createRun(pipelineId, loaded.spec, loaded.dir, next.trigger!)!;
    runner.store.startStep(cut, 0);
    core.services.db.prepare('UPDATE pipeline_runs SET owner_pid = ? WHERE id = ?').run(dead, cut);
    const [recovered] = await runner.recover(loaded);
    expect(recovered).toMatchObject({
      id: cut,
      status: 'interrupted',
      steps: [
        { name: 'import', status: 'failed' },
        { name: 'quality', status: 'skipped' },
      ],
    });
    expect(recovered.steps[0].error).toBe('interrupted: the process running import died, and import is not safe to run twice');
    expect(recovered.reason).toBe(`import: ${recovered.steps[0].error}`);
    // Its trigger is spent: the same file never starts a second run.
    expect(await runner.nextTrigger(loaded)).toEqual({ trigger: null, reason: 'no new file matching *.csv in the watched folder' });

    // A quality step cut short the same way simply runs again.
    const file = specFile('cut-safe', 'trigger: { kind: manual }\nsteps:\n  - type: quality\n');
    const safe = loadPipelineSpec(file);
    const id = runner.store.createRun(runner.store.upsertPipeline(safe.spec, safe.file), safe.spec, safe.dir, {
      kind: 'manual',
      key: 'manual:cut',
      label: 'cut',
    })!;
    runner.store.startStep(id, 0);
    core.services.db.prepare('UPDATE pipeline_runs SET owner_pid = ? WHERE id = ?').run(dead, id);
    const [again] = await runner.recover(safe);
    expect(again).toMatchObject({ id, status: 'succeeded', steps: [{ name: 'quality', status: 'succeeded' }] });
  });
});
