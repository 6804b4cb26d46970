import { z } from 'zod';
import { ENGINES } from '../domain';

// One schema for every way a run is configured (form, CLI, re-run); defaults live here only.

export const activationSchema = z.enum(['relu', 'tanh', 'sigmoid', 'elu', 'selu', 'linear']);
export const optimizerSchema = z.enum(['adam', 'sgd', 'rmsprop', 'adagrad']);

export const mlpSchema = z.object({
  hiddenUnits: z.array(z.number().int().min(1).max(8192)).max(16).default([64, 32]),
  activation: activationSchema.default('relu'),
  dropout: z.number().min(0).max(0.95).default(0),
});

export const cnnSchema = z.object({
  /** One conv + max-pool block per entry, with that many filters. */
  filters: z.array(z.number().int().min(1).max(1024)).min(1).max(8).default([16, 32]),
  kernelSize: z.number().int().min(1).max(11).default(3),
  denseUnits: z.number().int().min(1).max(4096).default(64),
  dropout: z.number().min(0).max(0.95).default(0.25),
  imageSize: z.number().int().min(8).max(512).default(32),
  channels: z.union([z.literal(1), z.literal(3)]).default(1),
});

export const earlyStoppingSchema = z.object({
  monitor: z.string().default('val_loss'),
  patience: z.number().int().min(1).default(5),
  minDelta: z.number().min(0).default(0),
});

export const trainConfigSchema = z.object({
  model: z.enum(['mlp', 'cnn']).default('mlp'),
  mlp: mlpSchema.default(mlpSchema.parse({})),
  cnn: cnnSchema.default(cnnSchema.parse({})),
  optimizer: optimizerSchema.default('adam'),
  learningRate: z.number().positive().max(10).default(0.001),
  batchSize: z.number().int().min(1).max(65536).default(32),
  epochs: z.number().int().min(1).max(10000).default(20),
  validationSplit: z.number().min(0).max(0.9).default(0.2),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(42),
  earlyStopping: earlyStoppingSchema.nullable().default(null),
  engine: z.enum(['auto', ...ENGINES]).default('auto'),
});

export type TrainConfig = z.infer<typeof trainConfigSchema>;
export type TrainConfigInput = z.input<typeof trainConfigSchema>;

/** The flat params shown in run tables and compared across runs. */
export function flattenParams(c: TrainConfig): Record<string, string | number | boolean | null> {
  const common = {
    model: c.model,
    optimizer: c.optimizer,
    learningRate: c.learningRate,
    batchSize: c.batchSize,
    epochs: c.epochs,
    validationSplit: c.validationSplit,
    seed: c.seed,
    earlyStopping: c.earlyStopping ? `${c.earlyStopping.monitor}/${c.earlyStopping.patience}` : null,
  };
  if (c.model === 'mlp') {
    return { ...common, hiddenUnits: c.mlp.hiddenUnits.join('-'), activation: c.mlp.activation, dropout: c.mlp.dropout };
  }
  return {
    ...common,
    filters: c.cnn.filters.join('-'),
    kernelSize: c.cnn.kernelSize,
    denseUnits: c.cnn.denseUnits,
    dropout: c.cnn.dropout,
    imageSize: c.cnn.imageSize,
    channels: c.cnn.channels,
  };
}
