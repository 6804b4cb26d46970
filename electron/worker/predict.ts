import { promises as fs } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { isPreprocessingSpec, transformTabular, type TabularCell } from '../../shared/ml';
import type { PredictJob } from '../../shared/worker/protocol';
import { selectEngine } from './engine';
import { decodeImages } from './images';
import { loadModelFromDir } from './model-files';
import type { JobContext } from './types';

// Bounds memory on large image folders: inputs are decoded and run a chunk at a time.
const CHUNK = 512;

/** Runs a stored model on new inputs with the run's own preprocessing; probabilities go to job.out. */
export async function runPredict(job: PredictJob, ctx: Pick<JobContext, 'send'>): Promise<void> {
  const info = await selectEngine(job.engine);
  await ctx.send({ type: 'engine', info });
  if (!isPreprocessingSpec(job.preprocessing)) throw new Error('the model has no preprocessing spec');
  const spec = job.preprocessing;
  const model = await loadModelFromDir(job.modelDir);
  const raw = JSON.parse(await fs.readFile(job.input.file, 'utf8')) as { rows?: TabularCell[][]; paths?: string[] };
  const count = spec.kind === 'tabular' ? (raw.rows ?? []).length : (raw.paths ?? []).length;
  if (spec.kind === 'tabular' && job.input.kind !== 'tabular') throw new Error('this model takes table rows, not images');
  if (spec.kind === 'image' && job.input.kind !== 'images') throw new Error('this model takes images, not table rows');
  const sampleShape = spec.kind === 'tabular' ? [spec.width] : [spec.height, spec.width, spec.channels];
  const classes = (model.outputs[0].shape[1] as number | null) ?? 0;
  const out = new Float32Array(count * classes);
  for (let start = 0; start < count; start += CHUNK) {
    const end = Math.min(count, start + CHUNK);
    const x = spec.kind === 'tabular' ? transformTabular(spec, raw.rows!.slice(start, end)) : await decodeImages(raw.paths!.slice(start, end), spec);
    const probs = tf.tidy(() => (model.predict(tf.tensor(x, [end - start, ...sampleShape])) as tf.Tensor).dataSync() as Float32Array);
    out.set(probs, start * classes);
  }
  await fs.writeFile(job.out, Buffer.from(out.buffer, out.byteOffset, out.byteLength));
  await ctx.send({ type: 'predicted', file: job.out, rows: count, classes });
}
