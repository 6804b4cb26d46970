import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import seedrandom from 'seedrandom';
import { trainConfigSchema } from '../../shared/training/config';
import type { FromWorker, JobSpec } from '../../shared/worker/protocol';
import { prepareData } from './data';
import { selectEngine } from './engine';
import { buildModel } from './model';
import { loadCheckpoint, saveModelToDir } from './model-files';
import { startSystemSampler } from './system-metrics';
import { train } from './train';
import type { JobContext } from './types';

/** One training job from engine choice to final model; messages go out through ctx. */
export async function runJob(job: JobSpec, ctx: JobContext): Promise<void> {
  const config = trainConfigSchema.parse(job.config);
  const info = await selectEngine(config.engine);
  process.stderr.write(`cairn-worker: engine ${info.engine} (${info.backend}, ${info.device})\n`);
  await ctx.send({ type: 'engine', info });
  const stopSampler = startSystemSampler(ctx, job.resume?.systemStep ?? 0);
  let done: DoneMessage;
  try {
    done = await trainJob(job, ctx);
  } finally {
    await stopSampler();
  }
  // After the last system sample: the core reads nothing once a job is done.
  await ctx.send(done);
}

type DoneMessage = Extract<FromWorker, { type: 'done' }>;

async function trainJob(job: JobSpec, ctx: JobContext): Promise<DoneMessage> {
  const config = trainConfigSchema.parse(job.config);

  seedrandom(String(config.seed), { global: true });
  const data = await prepareData(job, config);
  await ctx.send({ type: 'prepared', preprocessing: data.spec, trainRows: data.trainRows, valRows: data.valRows });

  const initialEpoch = job.resume ? job.resume.epoch : 0;
  if (ctx.isCancelled()) {
    return { type: 'done', status: 'cancelled', modelDir: null, epochs: initialEpoch };
  }
  const model = job.resume ? (await loadCheckpoint(job.resume.checkpointDir)).model : buildModel(config, data.sampleShape, job.classes.length);

  const result = await train(model, data, config, { initialEpoch, jobDir: job.jobDir }, ctx);
  if (result.status === 'cancelled') {
    return { type: 'done', status: 'cancelled', modelDir: null, epochs: result.epochs };
  }
  const modelDir = path.join(job.jobDir, 'model');
  await saveModelToDir(model, modelDir, { includeOptimizer: false });
  tf.dispose([data.x, data.y, ...(data.val ? [data.val.x, data.val.y] : [])]);
  return { type: 'done', status: 'finished', modelDir, epochs: result.epochs };
}
