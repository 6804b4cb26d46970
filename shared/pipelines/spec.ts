import { z } from 'zod';
import { ENGINES } from '../domain';
import { strictTrainConfigSchema } from '../training/config-paths';
import { boundGate, gateProblem, parseRelativeGate } from './gates';

// A pipeline: one trigger and ordered steps, written as YAML by people and validated here, so
// every mistake is found before anything runs. The JSON Schema published from it
// (resources/schemas/pipeline.schema.json) gives editors completion on the same rules.

const name = z.string().trim().min(1).max(200);
const seconds = z.number().min(0.1).max(86_400);
const outcomeValues = z.strictObject({ tp: z.number(), fp: z.number(), tn: z.number(), fn: z.number() });

/** What a monitor trigger fires on, from the monitoring timeline of each new data item. */
export const MONITOR_EVENTS = ['sudden', 'gradual', 'value_drop', 'alert'] as const;
export type MonitorEvent = (typeof MONITOR_EVENTS)[number];

/** What starts a run: a new kind is one more entry here and in the core's trigger sources (triggers.ts, the watcher). */
export const triggerSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('manual') }),
  z.strictObject({
    kind: z.literal('watch'),
    /** Relative to the spec file's folder. */
    folder: z.string().min(1),
    glob: z.string().min(1).default('*.csv'),
    pollSeconds: seconds.default(5),
  }),
  z.strictObject({
    kind: z.literal('dataset'),
    /** Default: the pipeline's dataset. A new version (import, labeling commit) starts a run. */
    dataset: name.optional(),
    pollSeconds: seconds.default(5),
  }),
  z.strictObject({
    kind: z.literal('schedule'),
    /** Five or six fields, as croner reads them: "0 3 * * 1" is Mondays at 03:00. */
    cron: z.string().min(1).max(200),
    timezone: z.string().min(1).max(100).optional(),
  }),
  z.strictObject({
    kind: z.literal('monitor'),
    /** The monitored model, `name@alias` or `name@version`: its training data is the reference. */
    model: z
      .string()
      .trim()
      .regex(/^[^@\s][^@]*@[^@\s]+$/, 'expected name@alias, e.g. income@champion'),
    /** The data: new files in a folder (relative to the spec file's folder), or new versions of a dataset. One of the two. */
    folder: z.string().min(1).optional(),
    glob: z.string().min(1).default('*.csv'),
    dataset: name.optional(),
    /**
     * sudden, gradual: a change toward drift in the drift share, a prediction or performance series or
     * any column that leaves its reference band; value_drop: realized value under its band (needs
     * `values` and labels); alert: any timeline alert.
     */
    on: z.array(z.enum(MONITOR_EVENTS)).min(1).default(['sudden', 'gradual']),
    /** Chunks each new item is cut into. */
    chunks: z.number().int().min(3).max(100).default(10),
    shareThreshold: z.number().gt(0).max(1).default(0.5),
    values: outcomeValues.optional(),
    pollSeconds: seconds.default(5),
  }),
]);

export const TRIGGER_KINDS = triggerSchema.options.map((o) => o.shape.kind.value);
export type TriggerKind = (typeof TRIGGER_KINDS)[number];

/** Maxima on the quality report of the version the pipeline works on. */
const qualityGates = z.strictObject({
  /** Share of missing cells over every column. */
  missing_share: z.number().min(0).max(1).optional(),
  /** Share of rows repeating an earlier row. */
  duplicate_share: z.number().min(0).max(1).optional(),
  /** Groups of identical inputs with different labels. */
  conflicting_labels: z.number().int().min(0).optional(),
  /** Likely label errors found by confident learning (`cairn labels find-errors`). */
  label_errors: z.number().int().min(0).optional(),
});

const step = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) => z.strictObject({ type: z.literal(type), name: name.optional(), ...shape });

export const stepSchema = z.discriminatedUnion('type', [
  /** The trigger's file as a new version of the pipeline's dataset: its rows appended to the latest version, or replacing them. */
  step('import', { mode: z.enum(['append', 'replace']).default('append'), labelColumn: name.optional() }),
  step('quality', { gates: qualityGates.default({}) }),
  /** Against the champion's training version; records the share of drifted columns and each column's test. */
  step('drift', {
    gates: z.strictObject({ drift_share: z.number().min(0).max(1).optional() }).default({}),
    shareThreshold: z.number().gt(0).max(1).default(0.5),
  }),
  step('train', {
    /** A training config, or `champion`: the champion's own config. */
    config: z.union([z.literal('champion'), strictTrainConfigSchema]),
    /** Used when `config: champion` and there is no champion yet. */
    fallback: strictTrainConfigSchema.optional(),
    experiment: name.optional(),
  }),
  step('evaluate', {
    sensitive: z.array(name).max(20).default([]),
    positive: name.optional(),
    values: outcomeValues.optional(),
    /** metric -> bound: a minimum for metrics where higher is better, a maximum for the others (losses, differences, drift). */
    gates: z.record(z.string().min(1).max(300), z.number()).default({}),
  }),
  step('compare', {
    /** Expressions against the champion on the same held-out rows, e.g. `demographic_parity_difference[sex] <= champion + 0.02`. */
    require: z.array(z.string().min(1).max(500)).max(50).default([]),
    /** The metric "better" means, for the promotion policy. */
    metric: z.string().min(1).max(100).default('accuracy'),
  }),
  step('register', { description: z.string().max(2000).optional() }),
  step('promote', {
    to: z.enum(['champion', 'challenger']).default('champion'),
    /**
     * `champion` moves without a person only when the challenger's gain over the champion on
     * compare's metric is at least this and every gate passed. Negative: no worse than this
     * (retrain on fresh data unless it is worse by more).
     */
    margin: z.number().min(-1).max(1).default(0),
  }),
  /** A handoff bundle of the registered version, written into `folder` (relative to the spec). */
  step('export', { folder: z.string().min(1) }),
  step('notify', {
    webhook: z.url({ protocol: /^https?$/ }).optional(),
    retries: z.number().int().min(0).max(10).default(3),
    desktop: z.boolean().default(true),
  }),
]);

export const STEP_TYPES = stepSchema.options.map((o) => o.shape.type.value);
export type StepType = (typeof STEP_TYPES)[number];

export const pipelineSpecSchema = z
  .strictObject({
    name: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, ".", "_" and "-" only'),
    description: z.string().max(2000).default(''),
    /** The dataset the pipeline imports into and trains on. */
    dataset: name,
    /** The registry model its versions are registered under; its `champion` is what challengers are compared with. */
    model: name,
    trigger: triggerSchema,
    /** Held-out rows for the new version: stratified, seeded, stored with it. */
    split: z
      .strictObject({
        validation: z.number().min(0).max(0.5).default(0.1),
        test: z.number().gt(0).max(0.5).default(0.2),
        seed: z.number().int().min(0).default(42),
      })
      .default({ validation: 0.1, test: 0.2, seed: 42 }),
    engine: z.enum(['auto', ...ENGINES]).default('auto'),
    /** Checked before `train` against an estimate from measured throughput of earlier runs. */
    budget: z.strictObject({ maxCost: z.number().min(0).optional(), maxMinutes: z.number().gt(0).optional() }).optional(),
    steps: z.array(stepSchema).min(1).max(50),
  })
  .superRefine((spec, ctx) => {
    const seen = new Set<string>();
    spec.steps.forEach((s, i) => {
      const n = s.name ?? s.type;
      if (seen.has(n)) ctx.addIssue({ code: 'custom', path: ['steps', i, 'name'], message: `two steps are named "${n}"; give one a name` });
      seen.add(n);
    });
    const at = (t: StepType) => spec.steps.findIndex((s) => s.type === t);
    const needs: [StepType, StepType][] = [
      ['evaluate', 'train'],
      ['compare', 'train'],
      ['register', 'train'],
      ['promote', 'register'],
      ['export', 'register'],
    ];
    for (const [later, earlier] of needs) {
      const i = at(later);
      if (i >= 0 && (at(earlier) < 0 || at(earlier) > i))
        ctx.addIssue({ code: 'custom', path: ['steps', i, 'type'], message: `${later} needs a ${earlier} step before it` });
    }
    spec.steps.forEach((s, i) => {
      const bad = (path: PropertyKey[], problem: string | null) => problem && ctx.addIssue({ code: 'custom', path: ['steps', i, ...path], message: problem });
      if (s.type === 'evaluate')
        for (const [key, bound] of Object.entries(s.gates))
          bad(
            ['gates', key],
            gateProblem(() => boundGate(key, bound)),
          );
      if (s.type === 'compare')
        s.require.forEach((e, j) =>
          bad(
            ['require', j],
            gateProblem(() => parseRelativeGate(e)),
          ),
        );
      if (s.type === 'compare')
        bad(
          ['metric'],
          gateProblem(() => boundGate(s.metric, 0)),
        );
    });
    const t = spec.trigger;
    if (at('import') >= 0 && t.kind !== 'watch' && !(t.kind === 'monitor' && t.folder))
      ctx.addIssue({
        code: 'custom',
        path: ['steps', at('import'), 'type'],
        message: 'import takes the file a watch or folder monitor trigger found; use one of those',
      });
    if (t.kind === 'monitor' && (t.folder === undefined) === (t.dataset === undefined))
      ctx.addIssue({ code: 'custom', path: ['trigger'], message: 'a monitor trigger watches a folder or a dataset: give exactly one' });
    if (t.kind === 'monitor' && t.on.includes('value_drop') && !t.values)
      ctx.addIssue({ code: 'custom', path: ['trigger', 'on'], message: 'value_drop needs values: { tp, fp, tn, fn } to value the outcomes' });
  });

export type PipelineSpec = z.infer<typeof pipelineSpecSchema>;
export type PipelineStep = PipelineSpec['steps'][number];
export type StepOf<T extends StepType> = Extract<PipelineStep, { type: T }>;

export const stepName = (s: PipelineStep): string => s.name ?? s.type;

/** `steps[2].gates.accuracy` */
export function issuePath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((out, p) => (typeof p === 'number' ? `${out}[${p}]` : out ? `${out}.${String(p)}` : String(p)), '');
}

const ARTICLE: Record<string, string> = { number: 'a number', string: 'a string', boolean: 'true or false', array: 'a list', object: 'a mapping' };

/** One line for the first problem: `steps[2].gates.accuracy: expected a number`. */
export function specProblem(error: z.ZodError): string {
  const i = error.issues[0];
  if (!i) return 'invalid pipeline spec';
  let message = i.message;
  if (i.code === 'invalid_type') message = `expected ${ARTICLE[i.expected] ?? i.expected}`;
  else if (i.code === 'invalid_union' && 'note' in i && i.note === 'No matching discriminator')
    message = `expected one of ${(i as unknown as { options: string[] }).options.join(', ')}`;
  else if (i.code === 'unrecognized_keys') message = `unknown key${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `"${k}"`).join(', ')}`;
  const where = issuePath(i.path);
  return where ? `${where}: ${message}` : message;
}
