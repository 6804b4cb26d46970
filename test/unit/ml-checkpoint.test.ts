import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '../../electron/worker/model';
import { loadCheckpoint, loadModelFromDir, saveModelToDir, writeCheckpoint } from '../../electron/worker/model-files';
import { trainConfigSchema, type TrainConfigInput } from '../../shared/training/config';
import { MODEL_FILES } from '../../shared/worker/protocol';

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'cairn-ckpt-'));
  dirs.push(d);
  return d;
}

function data() {
  const x = tf.randomNormal([32, 4], 0, 1, 'float32', 1);
  const y = tf.oneHot(tf.randomUniform([32], 0, 3, 'int32', 2) as tf.Tensor1D, 3);
  return { x, y };
}

async function snapshot(model: tf.LayersModel) {
  const opt = await model.optimizer.getWeights();
  return {
    names: opt.map((w) => w.name),
    optimizer: opt.map((w) => Array.from(w.tensor.dataSync())),
    weights: model.getWeights().map((w) => Array.from(w.dataSync())),
  };
}

describe('checkpoint files', () => {
  beforeAll(async () => {
    tf.enableProdMode();
    await tf.setBackend('cpu');
  });
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  for (const optimizer of ['adam', 'rmsprop', 'sgd', 'adagrad'] as const) {
    it(`restores ${optimizer} state, so the next step equals the uninterrupted one`, async () => {
      const config = trainConfigSchema.parse({ optimizer, learningRate: 0.01, mlp: { hiddenUnits: [8] } } satisfies TrainConfigInput);
      const { x, y } = data();
      const model = buildModel(config, [4], 3);
      await model.fit(x, y, { epochs: 2, batchSize: 8, shuffle: false, verbose: 0 });
      const jobDir = tmp();
      const dir = await writeCheckpoint(model, jobDir, 2);
      expect(dir).toBe(path.join(jobDir, 'checkpoint'));
      expect(existsSync(path.join(jobDir, 'checkpoint-tmp'))).toBe(false);

      const { model: loaded, epoch, optimizerWeights } = await loadCheckpoint(dir);
      expect(epoch).toBe(2);
      const before = await snapshot(model);
      const after = await snapshot(loaded);
      expect(optimizerWeights).toBe(before.names.length);
      expect(after.names).toEqual(before.names);
      expect(after.optimizer).toEqual(before.optimizer);
      expect(after.weights).toEqual(before.weights);
      if (optimizer !== 'sgd') expect(before.names.length).toBeGreaterThan(1); // has moments/accumulators

      const h1 = await model.fit(x, y, { epochs: 1, batchSize: 8, shuffle: false, verbose: 0 });
      const h2 = await loaded.fit(x, y, { epochs: 1, batchSize: 8, shuffle: false, verbose: 0 });
      expect(h2.history.loss[0] as number).toBeCloseTo(h1.history.loss[0] as number, 6);
      const w1 = model.getWeights().map((w) => w.dataSync());
      const w2 = loaded.getWeights().map((w) => w.dataSync());
      w1.forEach((w, i) => w.forEach((v, j) => expect(Math.abs(v - w2[i][j])).toBeLessThan(1e-5)));
    });
  }

  it('replaces an older checkpoint in place', async () => {
    const config = trainConfigSchema.parse({ mlp: { hiddenUnits: [4] } });
    const model = buildModel(config, [4], 3);
    const jobDir = tmp();
    await writeCheckpoint(model, jobDir, 1);
    await writeCheckpoint(model, jobDir, 2);
    const json = JSON.parse(readFileSync(path.join(jobDir, 'checkpoint', MODEL_FILES.topology), 'utf8'));
    expect(json.epoch).toBe(2);
    expect(json.weightsManifest[0].paths).toEqual([MODEL_FILES.weights]);
    expect(json.weightData).toBeUndefined();
    expect(existsSync(path.join(jobDir, 'checkpoint-old'))).toBe(false);
  });

  it('saves a final model without optimizer state that predicts the same, and refuses it as a checkpoint', async () => {
    const config = trainConfigSchema.parse({ mlp: { hiddenUnits: [6], dropout: 0.5 } });
    const model = buildModel(config, [4], 3);
    const dir = path.join(tmp(), 'model');
    await saveModelToDir(model, dir, { includeOptimizer: false });
    const loaded = await loadModelFromDir(dir);
    const { x } = data();
    expect(Array.from((loaded.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from((model.predict(x) as tf.Tensor).dataSync()));
    await expect(loadCheckpoint(dir)).rejects.toThrow(/no optimizer state/);
  });
});
