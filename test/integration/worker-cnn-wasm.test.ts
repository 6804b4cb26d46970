import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { digitsJob, ofType, runWorker, series, tempJobDir } from './worker-harness';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('worker CNN on wasm', () => {
  it('trains conv16-pool-conv32-pool-dense64 on 300 digit images and the loss goes down', async () => {
    const dir = tempJobDir();
    dirs.push(dir);
    const job = digitsJob(dir, 30, {
      model: 'cnn',
      cnn: { filters: [16, 32], kernelSize: 3, denseUnits: 64, dropout: 0.25, imageSize: 28, channels: 1 },
      epochs: 3,
      batchSize: 32,
      learningRate: 0.003,
      engine: 'wasm',
    });
    const started = Date.now();
    const run = await runWorker(job);
    expect(run.code, run.stderr).toBe(0);
    expect(Date.now() - started).toBeLessThan(60_000);

    const engine = ofType(run.messages, 'engine')[0].info;
    expect(engine).toMatchObject({ engine: 'wasm', backend: 'wasm', device: 'cpu' });
    expect(ofType(run.messages, 'prepared')[0]).toMatchObject({
      preprocessing: { kind: 'image', width: 28, height: 28, channels: 1 },
      trainRows: 240,
      valRows: 60,
    });
    const loss = series(run.messages, 'loss').map((p) => p.value);
    expect(loss).toHaveLength(3);
    expect(loss[2]).toBeLessThan(loss[0]);
    expect(ofType(run.messages, 'done')[0]).toMatchObject({ status: 'finished', epochs: 3 });
  });
});
