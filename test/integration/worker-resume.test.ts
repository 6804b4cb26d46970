import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TrainConfigInput } from '../../shared/training/config';
import { irisJob, ofType, runWorker, series, tempJobDir } from './worker-harness';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function newDir(): string {
  const d = tempJobDir();
  dirs.push(d);
  return d;
}

describe('worker checkpoint and resume', () => {
  const base: TrainConfigInput = { batchSize: 16, learningRate: 0.01, mlp: { hiddenUnits: [16], dropout: 0.2 }, engine: 'cpu', seed: 3 };

  it('continues the epoch count from a checkpoint with the optimizer state restored', async () => {
    // Reference: 6 epochs without interruption.
    const full = await runWorker(irisJob(newDir(), { ...base, epochs: 6 }));
    expect(full.code, full.stderr).toBe(0);

    // Interrupted after 3 epochs (cancel lands in epoch 4), then resumed to 6.
    const firstDir = newDir();
    const first = await runWorker(irisJob(firstDir, { ...base, epochs: 6 }), {
      env: { CAIRN_WORKER_BATCH_INTERVAL_MS: '0' },
      onMessage: (msg, send) => {
        if (msg.type === 'checkpoint' && msg.epoch === 3) send({ type: 'cancel' });
      },
    });
    expect(first.code, first.stderr).toBe(0);
    expect(ofType(first.messages, 'done')[0]).toMatchObject({ status: 'cancelled', epochs: 3 });
    const checkpointDir = path.join(firstDir, 'checkpoint');
    expect(existsSync(path.join(checkpointDir, 'model.json'))).toBe(true);

    const resumeDir = newDir();
    const job = irisJob(resumeDir, { ...base, epochs: 6 });
    const resume = { checkpointDir, epoch: 3, preprocessing: ofType(first.messages, 'prepared')[0].preprocessing, systemStep: 1000 };
    job.resume = resume;
    const resumed = await runWorker(job);
    expect(resumed.code, resumed.stderr).toBe(0);

    expect(ofType(resumed.messages, 'prepared')[0].preprocessing).toEqual(resume.preprocessing);
    // System samples count on from the earlier process's last step instead of logging its steps again.
    const systemSteps = ofType(resumed.messages, 'metrics').flatMap((m) => m.points.filter((p) => p.key.startsWith('system/')).map((p) => p.step));
    expect(systemSteps.length).toBeGreaterThan(0);
    expect(Math.min(...systemSteps)).toBeGreaterThan(1000);
    expect(series(resumed.messages, 'loss').map((p) => p.step)).toEqual([4, 5, 6]);
    expect(ofType(resumed.messages, 'checkpoint').map((c) => c.epoch)).toEqual([4, 5, 6]);
    expect(ofType(resumed.messages, 'progress')[0].progress.epoch).toBe(4);
    expect(ofType(resumed.messages, 'done')[0]).toMatchObject({ status: 'finished', epochs: 6 });

    // Per-epoch sample order and dropout masks match the uninterrupted run, so lost state
    // (weights, Adam moments or iteration count) would show up as different losses. Only
    // float rounding may differ: Adam recomputes beta^t with pow on load instead of the running
    // product (~1e-7 here; restarting Adam from scratch moves the losses by ~1e-2).
    const tail = (msgs: typeof full.messages, key: string) =>
      series(msgs, key)
        .filter((p) => p.step > 3)
        .map((p) => p.value);
    for (const key of ['loss', 'val_loss']) {
      const got = tail(resumed.messages, key);
      const want = tail(full.messages, key);
      expect(got).toHaveLength(3);
      got.forEach((v, i) => expect(Math.abs(v - want[i])).toBeLessThan(1e-5));
    }
    expect(series(first.messages, 'loss')).toEqual(series(full.messages, 'loss').slice(0, 3));
  });

  it('fails with an error message when the checkpoint is missing', async () => {
    const job = irisJob(newDir(), { ...base, epochs: 4 });
    job.resume = { checkpointDir: path.join(job.jobDir, 'nope'), epoch: 2, preprocessing: null, systemStep: 0 };
    const run = await runWorker(job);
    expect(run.code).toBe(1);
    expect(ofType(run.messages, 'error')[0].message).toMatch(/nope/);
  });
});
