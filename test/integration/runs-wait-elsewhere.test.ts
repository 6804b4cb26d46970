import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/core';
import { cliOn, cliProcess, dataset, tempDir } from '../helpers';

// runs.wait and sweeps.wait on what another process runs (the app, another CLI) follow its row in
// the store: they answer when that process finishes it, or when the process is gone (interrupted).

let dataDir: string;
let core: Core;
const cairn = cliOn(() => dataDir, 120_000);

beforeAll(() => {
  dataDir = tempDir('cairn-wait-');
  expect(cairn(['datasets', 'import', dataset('iris.csv'), '--name', 'iris', '--json']).code).toBe(0);
  core = new Core({ dataDir, transport: 'http' });
});
afterAll(() => core.close());

/** A CLI training iris in experiment `experiment`, and its run id once the run is training. */
async function trainElsewhere(experiment: string, epochs: number) {
  const child = cliProcess(dataDir, ['train', '--dataset', 'iris', '--epochs', String(epochs), '--batch-size', '8', '--experiment', experiment, '--json'], {
    stdio: 'ignore',
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
    await new Promise((r) => setTimeout(r, 100));
    const conn = new Database(path.join(dataDir, 'cairn.db'), { readonly: true });
    const id = conn
      .prepare("SELECT r.id FROM runs r JOIN experiments e ON e.id = r.experiment_id WHERE e.name = ? AND r.status = 'running'")
      .pluck()
      .get(experiment) as string | undefined;
    conn.close();
    if (id) return { child, exited, runId: id };
  }
  throw new Error('the run never started training');
}

describe('runs.wait on a run another process trains', () => {
  it('answers when that process finishes it', async () => {
    const { exited, runId } = await trainElsewhere('elsewhere', 150);
    const waited = await core.dispatch('runs.wait', { id: runId });
    expect(waited).toMatchObject({ ok: true, value: { id: runId, status: 'finished' } });
    expect(await exited).toBe(0);
  });

  it('answers interrupted when that process dies', async () => {
    const { child, exited, runId } = await trainElsewhere('killed', 5000);
    const waiting = core.dispatch('runs.wait', { id: runId });
    child.kill('SIGKILL');
    await exited;
    expect(await waiting).toMatchObject({ ok: true, value: { id: runId, status: 'interrupted' } });
  });
});

describe('sweeps.wait on a sweep another process runs', () => {
  it('answers when that process finishes it, and interrupted when that process dies', async () => {
    const spec = (name: string, epochs: number) => {
      const file = path.join(dataDir, `${name}.json`);
      const base = { model: 'mlp', epochs, batchSize: 8 };
      fs.writeFileSync(
        file,
        JSON.stringify({
          name,
          dataset: 'iris',
          experiment: name,
          method: 'grid',
          metric: 'val_accuracy',
          goal: 'maximize',
          parallel: 1,
          base,
          space: { learningRate: { values: [0.01, 0.02] } },
        }),
      );
      return file;
    };
    for (const [name, epochs, status] of [
      ['sweep-done', 40, 'finished'],
      ['sweep-killed', 5000, 'interrupted'],
    ] as const) {
      const child = cliProcess(dataDir, ['sweep', spec(name, epochs), '--json'], { stdio: 'ignore' });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      let id: number | undefined;
      for (const deadline = Date.now() + 60_000; id === undefined && Date.now() < deadline;) {
        await new Promise((r) => setTimeout(r, 100));
        const conn = new Database(path.join(dataDir, 'cairn.db'), { readonly: true });
        id = conn.prepare("SELECT id FROM sweeps WHERE name = ? AND status = 'running'").pluck().get(name) as number | undefined;
        conn.close();
      }
      expect(id).toBeDefined();
      const waiting = core.dispatch('sweeps.wait', { id: id! });
      if (status === 'interrupted') child.kill('SIGKILL');
      await exited;
      expect(await waiting).toMatchObject({ ok: true, value: { id, status } });
    }
  });
});
