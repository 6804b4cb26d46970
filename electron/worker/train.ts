import * as tf from '@tensorflow/tfjs';
import seedrandom from 'seedrandom';
import type { MetricPoint } from '../../shared/domain';
import type { TrainConfig } from '../../shared/training/config';
import { EarlyStopping } from './early-stopping';
import { writeCheckpoint } from './model-files';
import type { JobContext } from './types';

export interface TrainData {
  x: tf.Tensor;
  y: tf.Tensor;
  val: { x: tf.Tensor; y: tf.Tensor } | null;
}

export interface TrainResult {
  status: 'finished' | 'cancelled';
  /** Epochs completed in total, counting those before a resume. */
  epochs: number;
}

/** tfjs logs 'acc'/'val_acc' for metrics ['accuracy']; the app's keys spell it out. */
function metricKey(tfKey: string): string {
  return tfKey.replace(/(^|_)acc$/, '$1accuracy');
}

/**
 * The epoch's sample order, drawn from a seed for that epoch alone. fit's own shuffle permutes
 * the previous epoch's order, so a resumed run could never replay it; this order (and the
 * dropout masks drawn after it from the same seeded Math.random) depends only on seed and epoch.
 */
export function epochOrder(seed: number, epoch: number, n: number): Int32Array {
  seedrandom(`${seed}/epoch/${epoch}`, { global: true });
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}

export async function train(
  model: tf.LayersModel,
  data: TrainData,
  config: TrainConfig,
  /** checkpoints: false for models nobody resumes (cross-validation folds). */
  opts: { initialEpoch: number; jobDir: string; checkpoints?: boolean },
  ctx: JobContext,
): Promise<TrainResult> {
  const n = data.x.shape[0];
  const batchSize = Math.min(config.batchSize, n);
  const batchesPerEpoch = Math.ceil(n / batchSize);
  const epochs = config.epochs;
  const early = config.earlyStopping ? new EarlyStopping(config.earlyStopping) : null;
  let warnedMonitor = false;

  let completed = opts.initialEpoch;
  let cancelled = false;
  let stopEarly = false;
  let epoch = opts.initialEpoch;
  let started = 0;
  let batchesDone = 0;
  let samplesDone = 0;
  let lastSent = 0;

  const progress = (batch: number) => {
    const elapsed = Date.now() - started;
    const remaining = (epochs - epoch - 1) * batchesPerEpoch + (batchesPerEpoch - batch);
    return {
      type: 'progress' as const,
      progress: {
        epoch: epoch + 1,
        epochs,
        batch,
        batchesPerEpoch,
        etaMs: batchesDone > 0 ? Math.round((elapsed / batchesDone) * remaining) : null,
        samplesPerSec: batchesDone > 0 && elapsed > 0 ? (samplesDone / elapsed) * 1000 : null,
      },
    };
  };

  const callbacks = new tf.CustomCallback({
    onTrainBegin: async () => {
      if (started === 0) started = Date.now();
    },
    onEpochBegin: async (e) => {
      epoch = e;
    },
    onBatchEnd: async (batch, logs) => {
      batchesDone++;
      samplesDone += Math.min(batchSize, n - batch * batchSize);
      const now = Date.now();
      if (now - lastSent >= ctx.batchIntervalMs) {
        lastSent = now;
        const step = epoch * batchesPerEpoch + batch + 1;
        const points: MetricPoint[] = Object.entries(logs ?? {})
          .filter(([k, v]) => k !== 'batch' && k !== 'size' && typeof v === 'number')
          .map(([k, v]) => ({ key: `batch/${metricKey(k)}`, step, value: v as number, time: now }));
        await ctx.send({ type: 'metrics', points });
        await ctx.send(progress(batch + 1));
      }
      // fit only lets the event loop run between epochs; a cancel message is seen only here.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (ctx.isCancelled()) {
        cancelled = true;
        model.stopTraining = true;
      }
    },
    onEpochEnd: async (e, logs) => {
      if (cancelled) return;
      completed = e + 1;
      const now = Date.now();
      const values: Record<string, number> = {};
      for (const [k, v] of Object.entries(logs ?? {})) if (typeof v === 'number') values[metricKey(k)] = v;
      await ctx.send({ type: 'metrics', points: Object.entries(values).map(([key, value]) => ({ key, step: completed, value, time: now })) });
      if (opts.checkpoints !== false) {
        const dir = await writeCheckpoint(model, opts.jobDir, completed);
        await ctx.send({ type: 'checkpoint', dir, epoch: completed });
      }
      await ctx.send(progress(batchesPerEpoch));
      if (early) {
        const value = values[metricKey(early.monitor)];
        if (value === undefined) {
          if (!warnedMonitor) process.stderr.write(`cairn-worker: early stopping ignored, no metric "${early.monitor}"\n`);
          warnedMonitor = true;
        } else if (early.update(value)) {
          stopEarly = true;
        }
      }
    },
  });

  // One fit call per epoch, on data put in that epoch's order (see epochOrder).
  for (let e = opts.initialEpoch; e < epochs && !cancelled && !stopEarly; e++) {
    const [x, y] = tf.tidy(() => {
      const idx = tf.tensor1d(epochOrder(config.seed, e, n), 'int32');
      return [tf.gather(data.x, idx), tf.gather(data.y, idx)];
    });
    try {
      await model.fit(x, y, {
        epochs: e + 1,
        initialEpoch: e,
        batchSize,
        shuffle: false,
        validationData: data.val ? [data.val.x, data.val.y] : undefined,
        callbacks: [callbacks],
        verbose: 0,
        yieldEvery: 'never',
      });
    } finally {
      tf.dispose([x, y]);
    }
  }
  return { status: cancelled ? 'cancelled' : 'finished', epochs: completed };
}
