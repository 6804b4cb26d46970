import { z } from 'zod';
import { trainConfigSchema } from '../training/config';
import { configValueProblem, notAConfigKey, resolveConfigKey, strictTrainConfigSchema } from '../training/config-paths';

// A sweep: a search space over training config paths (e.g. "learningRate", "mlp.hiddenUnits",
// or the params-table name "hiddenUnits"), how to walk it, and when to stop weak trials early.
// Keys are resolved to config paths here, so every later step sees only real paths.

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

const spaceRecord = z.record(z.string(), paramSpaceSchema).refine((s) => Object.keys(s).length > 0, { message: 'the space needs at least one parameter' });

// zod drops a "__proto__" key without a word (JSON.parse makes it an own key), so a space over it
// would look accepted; the raw keys are checked first.
const spaceSchema = z.preprocess<unknown, typeof spaceRecord, z.input<typeof spaceRecord>>((raw, ctx) => {
  if (raw !== null && typeof raw === 'object' && Object.hasOwn(raw, '__proto__')) {
    ctx.addIssue({ code: 'custom', path: ['__proto__'], message: notAConfigKey('__proto__'), input: raw });
  }
  return raw;
}, spaceRecord);

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
    base: strictTrainConfigSchema.default(trainConfigSchema.parse({})),
    space: spaceSchema,
    method: z.enum(['grid', 'random']).default('random'),
    trials: z.number().int().min(1).max(10000).default(10),
    seed: z.number().int().min(0).default(0),
    parallel: z.number().int().min(1).max(64).default(1),
    metric: z.string().default('val_loss'),
    goal: z.enum(['minimize', 'maximize']).default('minimize'),
    earlyStop: earlyStopSchema.nullable().default(null),
  })
  .superRefine((spec, ctx) => {
    const model = 'model' in spec.space ? null : spec.base.model;
    const seen = new Map<string, string>();
    for (const [key, space] of Object.entries(spec.space)) {
      const issue = (message: string) => ctx.addIssue({ code: 'custom', path: ['space', key], message });
      const resolved = resolveConfigKey(key, model);
      if (!resolved.ok) {
        issue(resolved.message);
        continue;
      }
      const twin = seen.get(resolved.path);
      if (twin !== undefined) issue(`${key} and ${twin} both set ${resolved.path}`);
      seen.set(resolved.path, key);
      if (spec.method === 'grid' && !('values' in space) && space.steps === undefined) issue('a range in a grid sweep needs steps');
      // Each value is checked now, so a bad one fails the spec before any trial trains.
      const values = 'values' in space ? space.values : [space.min, space.max].map((v) => (space.integer ? Math.round(v) : v));
      const problem = values.map((v) => configValueProblem(resolved.path, v)).find((p) => p !== null);
      if (problem) issue('values' in space ? problem : `a range gives numbers: ${problem}`);
    }
  })
  .transform((spec) => {
    const model = 'model' in spec.space ? null : spec.base.model;
    const space = Object.fromEntries(
      Object.entries(spec.space).map(([key, s]) => {
        const r = resolveConfigKey(key, model);
        return [r.ok ? r.path : key, s];
      }),
    );
    return { ...spec, space };
  });

export type SweepSpec = z.infer<typeof sweepSpecSchema>;
export type SweepSpecInput = z.input<typeof sweepSpecSchema>;
