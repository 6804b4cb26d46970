import { createReadStream, promises as fs } from 'node:fs';
import readline from 'node:readline';
import * as tf from '@tensorflow/tfjs';
import { isPreprocessingSpec, transformTabular, type TabularCell } from '../../shared/ml';
import type { PredictJob } from '../../shared/worker/protocol';
import { selectEngine } from './engine';
import { decodeImages } from './images';
import { loadModelFromDir } from './model-files';
import type { JobContext } from './types';

// Inputs are read, decoded and run a chunk at a time: memory stays bounded for any number of rows or images.
const CHUNK = 512;

/** Runs a stored model on new inputs with the run's own preprocessing; probabilities go to job.out. */
export async function runPredict(job: PredictJob, ctx: Pick<JobContext, 'send'>): Promise<void> {
  const info = await selectEngine(job.engine);
  await ctx.send({ type: 'engine', info });
  if (!isPreprocessingSpec(job.preprocessing)) throw new Error('the model has no preprocessing spec');
  const spec = job.preprocessing;
  if (spec.kind === 'tabular' && job.input.kind !== 'tabular') throw new Error('this model takes table rows, not images');
  if (spec.kind === 'image' && job.input.kind !== 'images') throw new Error('this model takes images, not table rows');
  const model = await loadModelFromDir(job.modelDir);
  const sampleShape = spec.kind === 'tabular' ? [spec.width] : [spec.height, spec.width, spec.channels];
  const classes = (model.outputs[0].shape[1] as number | null) ?? 0;
  const out = await fs.open(job.out, 'w');
  let count = 0;
  let batch: unknown[] = [];
  const run = async () => {
    const x = spec.kind === 'tabular' ? transformTabular(spec, batch as TabularCell[][]) : await decodeImages(batch as string[], spec);
    const probs = tf.tidy(() => (model.predict(tf.tensor(x, [batch.length, ...sampleShape])) as tf.Tensor).dataSync() as Float32Array);
    await out.write(Buffer.from(probs.buffer, probs.byteOffset, probs.byteLength));
    count += batch.length;
    batch = [];
  };
  try {
    for await (const line of readline.createInterface({ input: createReadStream(job.input.file), crlfDelay: Infinity })) {
      if (line === '') continue;
      batch.push(JSON.parse(line));
      if (batch.length === CHUNK) await run();
    }
    if (batch.length) await run();
  } finally {
    await out.close();
  }
  await ctx.send({ type: 'predicted', file: job.out, rows: count, classes });
}
