import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MODEL_FILES } from '../../shared/worker/protocol';
import { irisJob, ofType, runWorker, series, tempJobDir } from './worker-harness';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('worker on iris', () => {
  it('trains to done/finished with streamed metrics, checkpoints and a saved model', async () => {
    const dir = tempJobDir();
    dirs.push(dir);
    const job = irisJob(dir, { epochs: 40, batchSize: 16, learningRate: 0.02, mlp: { hiddenUnits: [16] }, engine: 'auto' });
    const run = await runWorker(job, { env: { CAIRN_WORKER_BATCH_INTERVAL_MS: '0' } });
    expect(run.code, run.stderr).toBe(0);

    const types = run.messages.map((m) => m.type);
    expect(types[0]).toBe('engine');
    expect(types[1]).toBe('prepared');
    expect(types.at(-1)).toBe('done');
    const engine = ofType(run.messages, 'engine')[0].info;
    // tfjs-node is not installed here, so auto must fall back and say why.
    expect(['node-gpu', 'node', 'wasm', 'cpu']).toContain(engine.engine);
    if (engine.engine === 'wasm') expect(engine.fallbacks.map((f) => f.split(':')[0])).toEqual(['node-gpu', 'webgpu', 'node']);

    const prepared = ofType(run.messages, 'prepared')[0];
    expect(prepared.trainRows).toBe(120);
    expect(prepared.valRows).toBe(30);
    expect((prepared.preprocessing as { kind: string }).kind).toBe('tabular');

    const valAcc = series(run.messages, 'val_accuracy');
    expect(valAcc.map((p) => p.step)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(valAcc.at(-1)!.value).toBeGreaterThan(0.8);
    for (const key of ['loss', 'accuracy', 'val_loss']) expect(series(run.messages, key)).toHaveLength(40);
    const loss = series(run.messages, 'loss');
    expect(loss.at(-1)!.value).toBeLessThan(loss[0].value);

    // 120 rows / 16 → 8 batches per epoch; unthrottled, every batch is reported.
    const batchLoss = series(run.messages, 'batch/loss');
    expect(batchLoss).toHaveLength(40 * 8);
    expect(batchLoss.at(-1)!.step).toBe(320);
    expect(series(run.messages, 'batch/accuracy')).toHaveLength(320);
    const progress = ofType(run.messages, 'progress').at(-1)!.progress;
    expect(progress).toMatchObject({ epoch: 40, epochs: 40, batch: 8, batchesPerEpoch: 8, etaMs: 0 });
    expect(progress.samplesPerSec).toBeGreaterThan(0);

    const checkpoints = ofType(run.messages, 'checkpoint');
    expect(checkpoints.map((c) => c.epoch)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(checkpoints[0].dir).toBe(path.join(dir, 'checkpoint'));

    const done = ofType(run.messages, 'done')[0];
    expect(done).toEqual({ type: 'done', status: 'finished', modelDir: path.join(dir, 'model'), epochs: 40 });
    expect(existsSync(path.join(dir, 'model', MODEL_FILES.topology))).toBe(true);
    expect(existsSync(path.join(dir, 'model', MODEL_FILES.weights))).toBe(true);
    expect(existsSync(path.join(dir, 'checkpoint-tmp'))).toBe(false);
  });

  it('throttles per-batch messages by default', async () => {
    const dir = tempJobDir();
    dirs.push(dir);
    const job = irisJob(dir, { epochs: 20, batchSize: 8, engine: 'cpu' });
    const run = await runWorker(job);
    expect(run.code, run.stderr).toBe(0);
    const batchLoss = series(run.messages, 'batch/loss');
    const times = ofType(run.messages, 'metrics')
      .filter((m) => m.points.some((p) => p.key === 'batch/loss'))
      .map((m) => m.points[0].time);
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(250);
    expect(batchLoss.length).toBeLessThan(20 * 15);
  });

  it('stops early when the monitored metric stops improving', async () => {
    const dir = tempJobDir();
    dirs.push(dir);
    // A learning rate this small barely moves val_accuracy, so patience runs out quickly.
    const job = irisJob(dir, { epochs: 200, batchSize: 32, learningRate: 1e-6, engine: 'cpu', earlyStopping: { monitor: 'val_accuracy', patience: 3 } });
    const run = await runWorker(job);
    expect(run.code, run.stderr).toBe(0);
    const done = ofType(run.messages, 'done')[0];
    expect(done.status).toBe('finished');
    expect(done.epochs).toBeLessThan(200);
    expect(series(run.messages, 'val_accuracy')).toHaveLength(done.epochs);
  });

  it('reports a forced engine that cannot load as an error and exits 1', async () => {
    const dir = tempJobDir();
    dirs.push(dir);
    const run = await runWorker(irisJob(dir, { epochs: 1, engine: 'node' }));
    if (ofType(run.messages, 'engine')[0]?.info.engine === 'node') return; // tfjs-node is installed on this machine
    expect(run.code).toBe(1);
    const err = ofType(run.messages, 'error')[0];
    expect(err.message).toMatch(/node.*not available.*@tensorflow\/tfjs-node|module not installed/);
  });
});
