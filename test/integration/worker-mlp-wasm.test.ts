import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { TrainConfigInput } from '../../shared/training/config';
import { digitsJob, ofType, runWorker, series, tempJobDir } from './worker-harness';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function train(config: TrainConfigInput) {
  const dir = tempJobDir();
  dirs.push(dir);
  const run = await runWorker(digitsJob(dir, 15, config));
  expect(run.code, run.stderr).toBe(0);
  expect(ofType(run.messages, 'done')[0]).toMatchObject({ status: 'finished', epochs: 3 });
  return {
    engine: ofType(run.messages, 'engine')[0].info.engine,
    loss: series(run.messages, 'loss').map((p) => p.value),
    valLoss: series(run.messages, 'val_loss').map((p) => p.value),
  };
}

describe('worker MLP on wasm', () => {
  // 784-256-128-10 with Adam, as the bench trains it: the wasm kernels (fused Adam, leading-axis
  // sums, swapped matmuls, shared clones) must train it as tfjs's cpu kernels do.
  it('trains the bench MLP on 150 digit images to the losses of the cpu engine', async () => {
    const config: TrainConfigInput = {
      model: 'mlp',
      mlp: { hiddenUnits: [256, 128], dropout: 0 },
      optimizer: 'adam',
      epochs: 3,
      batchSize: 32,
      learningRate: 0.001,
      seed: 5,
    };
    const wasm = await train({ ...config, engine: 'wasm' });
    const cpu = await train({ ...config, engine: 'cpu' });
    expect([wasm.engine, cpu.engine]).toEqual(['wasm', 'cpu']);
    expect(wasm.loss).toHaveLength(3);
    expect(wasm.loss[2]).toBeLessThan(wasm.loss[0]);
    wasm.loss.forEach((v, i) => expect(Math.abs(v - cpu.loss[i])).toBeLessThan(1e-4));
    wasm.valLoss.forEach((v, i) => expect(Math.abs(v - cpu.valLoss[i])).toBeLessThan(1e-4));
  });
});
