import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/core';
import { forkLauncher } from '../../electron/core/training/launcher';
import type { RunSummary } from '../../shared/domain';
import { trainConfigSchema } from '../../shared/training/config';
import { REPO_ROOT, dataset, tempDir } from '../helpers';

let core: Core;
let dataDir: string;

async function startIris(c: Core, epochs: number): Promise<RunSummary> {
  const ds = await c.services.datasets.import({ path: dataset('iris.csv'), name: 'iris' });
  return c.services.training.start({
    datasetVersionId: ds.latest.id,
    experiment: 'Default',
    config: trainConfigSchema.parse({ epochs, batchSize: 8, engine: 'cpu' }),
  });
}

function firstProgress(c: Core, runId: string): Promise<void> {
  return new Promise((resolve) => {
    const off = c.events.on('run.progress', (e) => {
      if (e.runId === runId) {
        off();
        resolve();
      }
    });
  });
}

beforeEach(() => {
  dataDir = path.join(tempDir(), 'data');
});
afterEach(() => core?.close());

describe('training manager', () => {
  it('cancels a running job: the run ends cancelled and the app keeps going', async () => {
    core = new Core({ dataDir, transport: 'http' });
    const run = await startIris(core, 500);
    await firstProgress(core, run.id);
    core.services.training.cancel(run.id);
    const ended = await core.services.training.wait(run.id);
    expect(ended.status).toBe('cancelled');
    expect(ended.metrics.loss?.step ?? 0).toBeLessThan(500);
  });

  it('marks a run failed when its worker is killed, and keeps working after', async () => {
    let pid: number | undefined;
    core = new Core({
      dataDir,
      transport: 'http',
      launcher: (entry) => {
        const h = forkLauncher(entry);
        pid = h.pid;
        return h;
      },
    });
    const run = await startIris(core, 500);
    await firstProgress(core, run.id);
    process.kill(pid!, 'SIGKILL');
    const ended = await core.services.training.wait(run.id);
    expect(ended.status).toBe('failed');
    expect(core.services.runs.detail(run.id).error).toMatch(/killed \(SIGKILL\)/);

    const next = await startIris(core, 3);
    expect((await core.services.training.wait(next.id)).status).toBe('finished');
  });

  it('finishes a run whose worker replaced a checkpoint before the core read it (a busy machine)', async () => {
    let replaced = 0;
    core = new Core({
      dataDir,
      transport: 'http',
      launcher: (entry) => {
        const h = forkLauncher(entry);
        return {
          ...h,
          // The first checkpoint is gone by the time its message is read, as when the next epoch's lands first.
          onMessage: (fn) =>
            h.onMessage((msg) => {
              if (msg.type === 'checkpoint' && replaced++ === 0) fs.rmSync(msg.dir, { recursive: true, force: true });
              fn(msg);
            }),
        };
      },
    });
    const run = await startIris(core, 4);
    const ended = await core.services.training.wait(run.id);
    expect(ended.status, core.services.runs.detail(run.id).error ?? '').toBe('finished');
    expect(replaced).toBe(4);
    expect(core.services.runs.detail(run.id).checkpointEpoch).toBe(4);
  });

  it('keeps the last lines of stderr as the error of a worker that crashed', async () => {
    core = new Core({ dataDir, transport: 'http', workerEntry: path.join(REPO_ROOT, 'test', 'fixtures', 'crashing-worker.js') });
    const run = await startIris(core, 5);
    const ended = await core.services.training.wait(run.id);
    expect(ended.status).toBe('failed');
    const error = core.services.runs.detail(run.id).error!;
    expect(error).toMatch(/exited with code 3/);
    expect(error).toMatch(/CUDA_ERROR_OUT_OF_MEMORY/);
  });

  it('queues jobs beyond the free slots and runs them in order', async () => {
    core = new Core({ dataDir, transport: 'http', slots: 1 });
    const a = await startIris(core, 3);
    const b = await startIris(core, 3);
    expect(core.services.runs.summary(b.id).status).toBe('queued');
    const [ea, eb] = await Promise.all([core.services.training.wait(a.id), core.services.training.wait(b.id)]);
    expect([ea.status, eb.status]).toEqual(['finished', 'finished']);
    expect(eb.startedAt!).toBeGreaterThanOrEqual(ea.endedAt!);
  });
});

describe('engine probe', () => {
  it('reports the engine auto resolves to, from a worker, once', async () => {
    core = new Core({ dataDir, transport: 'http' });
    const info = await core.engine();
    expect(info?.engine).toMatch(/^(node-gpu|node|wasm|cpu)$/);
    // GPU is claimed only by the GPU engine, and only when TensorFlow says it uses one.
    if (info!.engine !== 'node-gpu') expect(info!.device).toBe('cpu');
    expect(await core.engine()).toBe(info);
    const app = await core.dispatch('app.info', {});
    expect(app).toMatchObject({ ok: true, value: { engine: info, transport: 'http' } });
  });
});
