import type { CallInput } from '../../../../shared/api/contract';
import type { EngineChoice } from '../../../../shared/domain';
import { sweepSpecSchema, type SweepSpecInput } from '../../../../shared/sweeps/spec';
import { trainConfigSchema } from '../../../../shared/training/config';

// Like the new-run form: the form holds what was typed, and the spec is built and checked with
// the shared schema only on submit, so the form and `cairn sweep` accept exactly the same specs.

export interface SpaceRow {
  /** Stable key for React while rows are added and removed. */
  id: number;
  /** A path into the training config, e.g. "learningRate" or "mlp.hiddenUnits". */
  path: string;
  kind: 'choice' | 'range';
  /** Choice: comma-separated; each value read as JSON when it parses ([16,32], 0.1, true), else as text. */
  values: string;
  min: string;
  max: string;
  steps: string;
  log: boolean;
  integer: boolean;
}

export interface SweepForm {
  name: string;
  dataset: string;
  experiment: string;
  method: 'grid' | 'random';
  trials: string;
  parallel: string;
  metric: string;
  goal: 'minimize' | 'maximize';
  earlyStop: boolean;
  minEpochs: string;
  epochs: string;
  batchSize: string;
  engine: EngineChoice;
  space: SpaceRow[];
}

export type SweepField = Exclude<keyof SweepForm, 'space'>;
/** Field errors by form field, `space.<row id>` for a row, and `form` for the rest. */
export type SweepErrors = Partial<Record<SweepField | 'form' | `space.${number}`, string>>;

let nextRowId = 1;
export function spaceRow(patch: Partial<Omit<SpaceRow, 'id'>> = {}): SpaceRow {
  return { id: nextRowId++, path: '', kind: 'choice', values: '', min: '', max: '', steps: '', log: false, integer: false, ...patch };
}

const BASE = trainConfigSchema.parse({});

export function initialSweepForm(): SweepForm {
  return {
    name: 'sweep',
    dataset: '',
    experiment: 'sweeps',
    method: 'grid',
    trials: '10',
    parallel: '2',
    metric: 'val_loss',
    goal: 'minimize',
    earlyStop: false,
    minEpochs: '3',
    epochs: String(BASE.epochs),
    batchSize: String(BASE.batchSize),
    engine: BASE.engine,
    space: [spaceRow({ path: 'learningRate', kind: 'choice', values: '0.001, 0.01' })],
  };
}

/** Split on commas outside brackets and quotes, so "[16], [64, 32]" is two values. */
export function splitValues(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"' && text[i - 1] !== '\\') quoted = !quoted;
    else if (quoted) continue;
    else if (ch === '[' || ch === '{') depth++;
    else if (ch === ']' || ch === '}') depth--;
    else if (ch === ',' && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out.map((s) => s.trim()).filter(Boolean);
}

export function parseChoiceValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

export type BuildSweepResult = { ok: true; input: CallInput<'sweeps.start'> } | { ok: false; errors: SweepErrors };

export function buildSweepSpec(form: SweepForm): BuildSweepResult {
  const errors: SweepErrors = {};
  const num = (field: SweepField, raw: string): number => {
    if (raw.trim() === '') {
      errors[field] ??= 'Required';
      return NaN;
    }
    const n = Number(raw);
    if (!Number.isFinite(n)) errors[field] ??= 'Must be a number';
    return n;
  };
  if (!form.dataset) errors.dataset = 'Choose a dataset';

  const space: Record<string, unknown> = {};
  for (const row of form.space) {
    const key = `space.${row.id}` as const;
    const path = row.path.trim();
    if (!path) {
      errors[key] = 'Name the config path, e.g. learningRate';
      continue;
    }
    if (path in space) {
      errors[key] = `${path} is already in the space`;
      continue;
    }
    if (row.kind === 'choice') {
      const values = splitValues(row.values).map(parseChoiceValue);
      if (values.length === 0) errors[key] = 'Give at least one value';
      space[path] = { values };
    } else {
      const n = (raw: string) => (raw.trim() === '' ? NaN : Number(raw));
      const min = n(row.min);
      const max = n(row.max);
      if (!Number.isFinite(min) || !Number.isFinite(max)) errors[key] = 'A range needs numbers for min and max';
      const range: Record<string, unknown> = { min, max, log: row.log, integer: row.integer };
      if (row.steps.trim()) range.steps = Number(row.steps);
      space[path] = range;
    }
  }
  if (form.space.length === 0) errors.form = 'Add at least one parameter to the search space';

  const spec: SweepSpecInput = {
    name: form.name.trim() || 'sweep',
    dataset: form.dataset,
    experiment: form.experiment.trim(),
    method: form.method,
    trials: num('trials', form.trials),
    parallel: num('parallel', form.parallel),
    metric: form.metric.trim(),
    goal: form.goal,
    earlyStop: form.earlyStop ? { rule: 'median', minEpochs: num('minEpochs', form.minEpochs) } : null,
    base: { epochs: num('epochs', form.epochs), batchSize: num('batchSize', form.batchSize), engine: form.engine },
    space: space as SweepSpecInput['space'],
  };
  if (!spec.metric) errors.metric = 'Required';

  const parsed = sweepSpecSchema.safeParse(spec);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = fieldForSpecPath(issue.path as (string | number)[], form);
      errors[field] ??= issue.message;
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, input: { spec } };
}

const TOP: Partial<Record<string, SweepField>> = {
  name: 'name',
  dataset: 'dataset',
  experiment: 'experiment',
  method: 'method',
  trials: 'trials',
  parallel: 'parallel',
  metric: 'metric',
  goal: 'goal',
};
const BASE_FIELDS: Partial<Record<string, SweepField>> = { epochs: 'epochs', batchSize: 'batchSize', engine: 'engine' };

/** Where a schema issue (relative to the spec, or to the call input: ["spec", …]) shows in the form. */
export function fieldForSpecPath(path: (string | number)[], form: Pick<SweepForm, 'space'>): keyof SweepErrors {
  const p = path[0] === 'spec' ? path.slice(1) : path;
  const [head, sub] = p;
  if (head === 'space') {
    const row = form.space.find((r) => r.path.trim() === sub);
    return row ? `space.${row.id}` : 'form';
  }
  if (head === 'earlyStop') return 'minEpochs';
  if (head === 'base') return (typeof sub === 'string' && BASE_FIELDS[sub]) || 'form';
  return (typeof head === 'string' && TOP[head]) || 'form';
}

/** How many trials a grid will make (the product of choice sizes and range steps), for the form's hint. */
export function gridSize(rows: SpaceRow[]): number | null {
  let n = 1;
  for (const r of rows) {
    const k = r.kind === 'choice' ? splitValues(r.values).length : Number(r.steps);
    if (!Number.isInteger(k) || k < 1) return null;
    n *= k;
  }
  return n;
}
