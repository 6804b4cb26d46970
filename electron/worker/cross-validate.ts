import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import seedrandom from 'seedrandom';
import type { ImageSpec, TabularSpec } from '../../shared/ml';
import { trainConfigSchema } from '../../shared/training/config';
import type { CrossValidateJob, JobSpec } from '../../shared/worker/protocol';
import { encodeTabularRows, prepareData, type ImageFile } from './data';
import { selectEngine } from './engine';
import { decodeImages } from './images';
import { buildModel } from './model';
import { train } from './train';
import type { JobContext } from './types';

/**
 * Trains one model per fold on the other folds, as a run with the same config would train
 * (preprocessing fitted on its own training rows, the config's validation split and seed), and
 * predicts the held-out fold with it. Probabilities go to job.out only when every fold finished.
 */
export async function runCrossValidation(job: CrossValidateJob, ctx: JobContext): Promise<void> {
  const config = trainConfigSchema.parse(job.config);
  await ctx.send({ type: 'engine', info: await selectEngine(config.engine) });
  const file = path.resolve(job.jobDir, job.data.file);
  // Images are few enough to list; a table is read in passes by prepareData and encodeTabularRows.
  const images = job.data.kind === 'images' ? (JSON.parse(await fs.readFile(file, 'utf8')) as ImageFile).items : null;
  const rows = job.folds.length;
  const folds = job.folds.reduce((a, b) => Math.max(a, b), 0) + 1;
  const k = job.classes.length;
  const out = new Float32Array(rows * k);
  let epochs = 0;

  for (let fold = 0; fold < folds; fold++) {
    const held: number[] = [];
    const kept = new Uint8Array(rows);
    job.folds.forEach((f, i) => {
      if (f === fold) held.push(i);
      else kept[i] = 1;
    });
    const foldDir = path.join(job.jobDir, `fold-${fold}`);
    await fs.mkdir(foldDir, { recursive: true });
    const foldJob: JobSpec = {
      runId: `fold-${fold}`,
      jobDir: foldDir,
      config,
      classes: job.classes,
      data: { kind: job.data.kind, file } as JobSpec['data'],
      resume: null,
    };

    seedrandom(String(config.seed), { global: true });
    const data = await prepareData(foldJob, config, kept);
    const model = buildModel(config, data.sampleShape, k);
    const foldCtx: JobContext = {
      ...ctx,
      send: (m) => (m.type === 'progress' ? ctx.send({ type: 'foldProgress', fold, folds, progress: m.progress }) : Promise.resolve()),
    };
    const result = await train(model, data, config, { initialEpoch: 0, jobDir: foldDir, checkpoints: false }, foldCtx);
    tf.dispose([data.x, data.y, ...(data.val ? [data.val.x, data.val.y] : [])]);
    if (result.status === 'cancelled') {
      model.dispose();
      await ctx.send({ type: 'crossValidationCancelled' });
      return;
    }
    epochs += result.epochs;

    const x =
      images === null
        ? await encodeTabularRows(file, data.spec as TabularSpec, rows, held)
        : await decodeImages(
            held.map((i) => path.resolve(job.jobDir, images[i].path)),
            data.spec as ImageSpec,
            held.map((i) => images[i].name),
          );
    const probs = tf.tidy(() => (model.predict(tf.tensor(x, [held.length, ...data.sampleShape])) as tf.Tensor).dataSync() as Float32Array);
    held.forEach((row, j) => out.set(probs.subarray(j * k, (j + 1) * k), row * k));
    model.dispose();
    await fs.rm(foldDir, { recursive: true, force: true });
  }

  await fs.writeFile(job.out, Buffer.from(out.buffer, out.byteOffset, out.byteLength));
  await ctx.send({ type: 'crossValidated', file: job.out, rows, classes: k, epochs });
}
