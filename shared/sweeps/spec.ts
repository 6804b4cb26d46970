import { z } from 'zod';
import { trainConfigSchema } from '../training/config';

// A sweep: a search space over training config paths (e.g. "learningRate", "mlp.hiddenUnits"),
// how to walk it, and when to stop weak trials early.

const rangeSchema = z
  .object({
    min: z.number(),
    max: z.number(),
    /** Sample (or space grid points) evenly in log10: learning rates, weight decay. */
    log: z.boolean().default(false),
    integer: z.boolean().default(false),
    /** Grid points for a range; random search ignores it. */
    steps: z.number().int().min(2).max(100).optional(),
  })
  .refine((r) => r.max > r.min, { message: 'max must be greater than min' })
  .refine((r) => !r.log || r.min > 0, { message: 'a log range needs min > 0' });

const choiceSchema = z.object({ values: z.array(z.unknown()).min(1).max(1000) });

export const paramSpaceSchema = z.union([choiceSchema, rangeSchema]);
export type ParamSpace = z.infer<typeof paramSpaceSchema>;

export const earlyStopSchema = z.object({
  rule: z.literal('median'),
  /** Trials are only compared from this epoch on. */
  minEpochs: z.number().int().min(1).default(3),
  /** Needs this many other trials at an epoch before it prunes anything. */
  minTrials: z.number().int().min(1).default(3),
});

export const sweepSpecSchema = z
  .object({
    name: z.string().trim().min(1).max(200).default('sweep'),
    dataset: z.string().min(1),
    experiment: z.string().trim().min(1).max(200).default('Default'),
    base: trainConfigSchema.default(trainConfigSchema.parse({})),
    space: z.record(z.string(), paramSpaceSchema).refine((s) => Object.keys(s).length > 0, { message: 'the space needs at least one parameter' }),
    method: z.enum(['grid', 'random']).default('random'),
    trials: z.number().int().min(1).max(10000).default(10),
    seed: z.number().int().min(0).default(0),
    parallel: z.number().int().min(1).max(64).default(1),
    metric: z.string().default('val_loss'),
    goal: z.enum(['minimize', 'maximize']).default('minimize'),
    earlyStop: earlyStopSchema.nullable().default(null),
  })
  .superRefine((spec, ctx) => {
    if (spec.method !== 'grid') return;
    for (const [key, space] of Object.entries(spec.space)) {
      if (!('values' in space) && space.steps === undefined) ctx.addIssue({ code: 'custom', path: ['space', key], message: 'a range in a grid sweep needs steps' });
    }
  });

export type SweepSpec = z.infer<typeof sweepSpecSchema>;
export type SweepSpecInput = z.input<typeof sweepSpecSchema>;
