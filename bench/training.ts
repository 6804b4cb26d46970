import * as tf from '@tensorflow/tfjs';
import type { EngineChoice } from '../shared/domain';
import { trainConfigSchema } from '../shared/training/config';
import { selectEngine } from '../electron/worker/engine';
import { buildModel } from '../electron/worker/model';

// Training throughput in this process on one engine (default: what 'auto' picks), with the
// same model builder and wasm kernels the worker uses. Each model runs for a fixed time budget.

export interface TrainingBench {
  engine: string;
  backend: string;
  device: string;
  /** The WebGPU adapter, where that engine ran. */
  adapter: string | null;
  batchSize: number;
  /** MLP 784-256-128-10, Adam. */
  mlpSamplesPerSec: number;
  /** conv16-pool-conv32-pool-dense64-10 on 28x28x1, Adam. */
  cnnSamplesPerSec: number;
  mlpMsPerBatch: number;
  cnnMsPerBatch: number;
}

async function samplesPerSec(model: tf.LayersModel, sampleShape: number[], batch: number, budgetMs: number): Promise<{ perSec: number; msPerBatch: number }> {
  const x = tf.randomUniform([batch, ...sampleShape], 0, 1, 'float32', 1);
  const y = tf.oneHot(tf.randomUniform([batch], 0, 10, 'int32', 2) as tf.Tensor1D, 10);
  try {
    // Warm-up: first calls allocate and settle. A batch that alone eats half the budget (the
    // cpu engine's CNN takes ~17 s) is the measurement, keeping the bench near a minute.
    const warm = performance.now();
    await model.trainOnBatch(x, y);
    const warmMs = performance.now() - warm;
    if (warmMs > budgetMs / 2) return { perSec: (batch * 1000) / warmMs, msPerBatch: warmMs };
    await model.trainOnBatch(x, y);
    let batches = 0;
    const start = performance.now();
    while (batches < 3 || performance.now() - start < budgetMs) {
      await model.trainOnBatch(x, y);
      batches++;
    }
    const ms = performance.now() - start;
    return { perSec: (batches * batch * 1000) / ms, msPerBatch: ms / batches };
  } finally {
    tf.dispose([x, y]);
  }
}

export async function benchTraining(engine?: string, batch = 64): Promise<TrainingBench> {
  const info = await selectEngine((engine ?? 'auto') as EngineChoice);
  const mlpConfig = trainConfigSchema.parse({ model: 'mlp', mlp: { hiddenUnits: [256, 128], dropout: 0 }, optimizer: 'adam' });
  const cnnConfig = trainConfigSchema.parse({
    model: 'cnn',
    cnn: { filters: [16, 32], kernelSize: 3, denseUnits: 64, dropout: 0, imageSize: 28, channels: 1 },
    optimizer: 'adam',
  });
  const mlp = buildModel(mlpConfig, [784], 10);
  const mlpResult = await samplesPerSec(mlp, [784], batch, 3000);
  mlp.dispose();
  const cnn = buildModel(cnnConfig, [28, 28, 1], 10);
  const cnnResult = await samplesPerSec(cnn, [28, 28, 1], batch, 6000);
  cnn.dispose();
  return {
    engine: info.engine,
    backend: info.backend,
    device: info.device,
    adapter: info.adapter
      ? `${[info.adapter.vendor, info.adapter.architecture, info.adapter.description].filter(Boolean).join(' ')}${info.adapter.software ? ' (software)' : ''}`
      : null,
    batchSize: batch,
    mlpSamplesPerSec: Math.round(mlpResult.perSec),
    cnnSamplesPerSec: Math.round(cnnResult.perSec),
    mlpMsPerBatch: Number(mlpResult.msPerBatch.toFixed(1)),
    cnnMsPerBatch: Number(cnnResult.msPerBatch.toFixed(1)),
  };
}
