import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import seedrandom from 'seedrandom';
import { transformTabular, type ImageSpec, type TabularSpec } from '../../shared/ml';
import { trainConfigSchema } from '../../shared/training/config';
import type { CrossValidateJob, JobSpec } from '../../shared/worker/protocol';
import { prepareData, type ImageFile, type TabularFile } from './data';
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
  const raw = JSON.parse(await fs.readFile(job.data.file, 'utf8')) as TabularFile | ImageFile;
  const rows = 'rows' in raw ? raw.rows.length : raw.items.length;
  const folds = job.folds.reduce((a, b) => Math.max(a, b), 0) + 1;
  const k = job.classes.length;
  const out = new Float32Array(rows * k);
  let epochs = 0;

  for (let fold = 0; fold < folds; fold++) {
    const held: number[] = [];
    const kept: number[] = [];
    job.folds.forEach((f, i) => (f === fold ? held : kept).push(i));
    const foldDir = path.join(job.jobDir, `fold-${fold}`);
    await fs.mkdir(foldDir, { recursive: true });
    const file = path.join(foldDir, 'data.json');
    await fs.writeFile(file, JSON.stringify(subset(raw, kept)));
    const foldJob: JobSpec = { runId: `fold-${fold}`, jobDir: foldDir, config, classes: job.classes, data: { kind: job.data.kind, file } as JobSpec['data'], resume: null };

    seedrandom(String(config.seed), { global: true });
    const data = await prepareData(foldJob, config);
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

    const x = 'rows' in raw
      ? transformTabular(data.spec as TabularSpec, held.map((i) => raw.rows[i]))
      : await decodeImages(held.map((i) => path.resolve(job.jobDir, raw.items[i].path)), data.spec as ImageSpec, held.map((i) => raw.items[i].name));
    const probs = tf.tidy(() => (model.predict(tf.tensor(x, [held.length, ...data.sampleShape])) as tf.Tensor).dataSync() as Float32Array);
    held.forEach((row, j) => out.set(probs.subarray(j * k, (j + 1) * k), row * k));
    model.dispose();
    await fs.rm(foldDir, { recursive: true, force: true });
  }

  await fs.writeFile(job.out, Buffer.from(out.buffer, out.byteOffset, out.byteLength));
  await ctx.send({ type: 'crossValidated', file: job.out, rows, classes: k, epochs });
}

function subset(raw: TabularFile | ImageFile, idx: number[]): TabularFile | ImageFile {
  if ('rows' in raw) return { columns: raw.columns, rows: idx.map((i) => raw.rows[i]), labels: idx.map((i) => raw.labels[i]) };
  return { items: idx.map((i) => raw.items[i]) };
}
