import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { irisJob, ofType, runWorker, series, tempJobDir } from './worker-harness';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('worker cancel', () => {
  it('stops within one batch of the cancel message', async () => {
    const dir = tempJobDir();
    dirs.push(dir);
    // Wide layers on the cpu engine make each batch take far longer than an IPC round trip,
    // so "batches after cancel" measures the worker, not message latency.
    const job = irisJob(dir, { epochs: 500, batchSize: 30, mlp: { hiddenUnits: [768, 768] }, engine: 'cpu' });
    let received = 0;
    let cancelAt = -1;
    const run = await runWorker(job, {
      env: { CAIRN_WORKER_BATCH_INTERVAL_MS: '0' },
      onMessage: (msg, send) => {
        received++;
        if (cancelAt < 0 && msg.type === 'metrics' && msg.points.some((p) => p.key === 'batch/loss' && p.step === 10)) {
          cancelAt = received;
          send({ type: 'cancel' });
        }
      },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(cancelAt).toBeGreaterThan(0);
    // At most the batch that was running when the cancel arrived may still finish.
    const batchesAfter = series(run.messages.slice(cancelAt), 'batch/loss');
    expect(batchesAfter.length).toBeLessThanOrEqual(1);

    const done = ofType(run.messages, 'done')[0];
    expect(done).toEqual({ type: 'done', status: 'cancelled', modelDir: null, epochs: 2 });
    // Batch 10 falls in epoch 3 (4 batches per epoch): two complete, checkpointed epochs.
    expect(ofType(run.messages, 'checkpoint').map((c) => c.epoch)).toEqual([1, 2]);
    // The partial epoch is not reported as an epoch.
    expect(series(run.messages, 'loss').map((p) => p.step)).toEqual([1, 2]);
  });

  it('honours a cancel that arrives before training starts', async () => {
    const dir = tempJobDir();
    dirs.push(dir);
    const run = await runWorker(irisJob(dir, { epochs: 50, engine: 'cpu' }), {
      onMessage: (msg, send) => {
        if (msg.type === 'engine') send({ type: 'cancel' });
      },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(ofType(run.messages, 'done')[0]).toMatchObject({ status: 'cancelled', modelDir: null });
    expect(ofType(run.messages, 'done')[0].epochs).toBeLessThanOrEqual(1);
  });
});
