import type { CallInput } from '../../../../shared/api/contract';
import type { DatasetKind, EngineChoice } from '../../../../shared/domain';
import { trainConfigSchema, type TrainConfig, type TrainConfigInput } from '../../../../shared/training/config';

// The form keeps what the user typed (strings), and turns it into a `runs.start` input only on
// submit. Defaults come from the shared schema so the form and the CLI can never disagree.

export interface RunForm {
  datasetId: string;
  experiment: string;
  name: string;
  model: 'mlp' | 'cnn';
  /** Once the user picks a model, changing the dataset no longer overrides it. */
  modelChosen: boolean;
  hiddenUnits: string;
  activation: TrainConfig['mlp']['activation'];
  mlpDropout: string;
  filters: string;
  kernelSize: string;
  denseUnits: string;
  cnnDropout: string;
  imageSize: string;
  channels: '1' | '3';
  optimizer: TrainConfig['optimizer'];
  learningRate: string;
  batchSize: string;
  epochs: string;
  validationSplit: string;
  seed: string;
  earlyStopping: boolean;
  patience: string;
  engine: EngineChoice;
}

export type FormField = keyof RunForm;

/** The fields a run's config sets: what "default" / "from run X" labels describe. */
export const CONFIG_FIELDS = [
  'model',
  'hiddenUnits',
  'activation',
  'mlpDropout',
  'filters',
  'kernelSize',
  'denseUnits',
  'cnnDropout',
  'imageSize',
  'channels',
  'optimizer',
  'learningRate',
  'batchSize',
  'epochs',
  'validationSplit',
  'seed',
  'earlyStopping',
  'patience',
  'engine',
] as const satisfies readonly FormField[];

export type ConfigField = (typeof CONFIG_FIELDS)[number];

/** What the form started from: the defaults, or a run the user chose to clone. */
export type FormBase = { kind: 'default' } | { kind: 'clone'; runId: string; runName: string };

/** Where a field's value came from: the defaults, the cloned run, or the user. */
export function fieldSource(state: { form: RunForm; baseForm: RunForm; base: FormBase }, field: ConfigField): string {
  if (state.form[field] !== state.baseForm[field]) return 'edited';
  return state.base.kind === 'clone' ? `from ${state.base.runName}` : 'default';
}
export type FieldErrors = Partial<Record<FormField | 'form', string>>;

export const DEFAULT_CONFIG: TrainConfig = trainConfigSchema.parse({});

export function initialForm(): RunForm {
  return { ...formFromConfig(DEFAULT_CONFIG), modelChosen: false };
}

/** The form a run's config fills in (Clone), or the defaults' (a new run); dataset, experiment and name are the caller's. */
export function formFromConfig(c: TrainConfig, where: { datasetId?: string; experiment?: string } = {}): RunForm {
  return {
    datasetId: where.datasetId ?? '',
    experiment: where.experiment ?? 'Default',
    name: '',
    model: c.model,
    modelChosen: true,
    hiddenUnits: c.mlp.hiddenUnits.join(','),
    activation: c.mlp.activation,
    mlpDropout: String(c.mlp.dropout),
    filters: c.cnn.filters.join(','),
    kernelSize: String(c.cnn.kernelSize),
    denseUnits: String(c.cnn.denseUnits),
    cnnDropout: String(c.cnn.dropout),
    imageSize: String(c.cnn.imageSize),
    channels: String(c.cnn.channels) as '1' | '3',
    optimizer: c.optimizer,
    learningRate: String(c.learningRate),
    batchSize: String(c.batchSize),
    epochs: String(c.epochs),
    validationSplit: String(c.validationSplit),
    seed: String(c.seed),
    earlyStopping: c.earlyStopping !== null,
    patience: String(c.earlyStopping?.patience ?? 5),
    engine: c.engine,
  };
}

export const modelForKind = (kind: DatasetKind): 'mlp' | 'cnn' => (kind === 'images' ? 'cnn' : 'mlp');

type StartInput = CallInput<'runs.start'>;

export type BuildResult = { ok: true; input: StartInput } | { ok: false; errors: FieldErrors };

/** Parse the typed strings, then validate with the same schema the core applies. */
export function buildStartInput(form: RunForm): BuildResult {
  const errors: FieldErrors = {};
  const num = (field: FormField): number => {
    const raw = String(form[field]).trim();
    if (raw === '') {
      errors[field] ??= 'Required';
      return NaN;
    }
    const n = Number(raw);
    if (!Number.isFinite(n)) errors[field] ??= 'Must be a number';
    return n;
  };
  const list = (field: 'hiddenUnits' | 'filters'): number[] => {
    const parts = form[field].split(/[\s,]+/).filter(Boolean);
    const values = parts.map(Number);
    if (values.some((v) => !Number.isInteger(v) || v < 1)) errors[field] ??= 'Comma-separated positive integers, e.g. 64,32';
    return values;
  };

  const datasetId = Number(form.datasetId);
  if (!form.datasetId || !Number.isInteger(datasetId)) errors.datasetId = 'Choose a dataset';
  if (!form.experiment.trim()) errors.experiment = 'Required';

  const config: TrainConfigInput = {
    model: form.model,
    optimizer: form.optimizer,
    learningRate: num('learningRate'),
    batchSize: num('batchSize'),
    epochs: num('epochs'),
    validationSplit: num('validationSplit'),
    seed: num('seed'),
    earlyStopping: form.earlyStopping ? { patience: num('patience') } : null,
    engine: form.engine,
  };
  // Only the chosen architecture is parsed, so a stale typo in the hidden one doesn't block a run.
  if (form.model === 'mlp') {
    config.mlp = { hiddenUnits: list('hiddenUnits'), activation: form.activation, dropout: num('mlpDropout') };
  } else {
    config.cnn = {
      filters: list('filters'),
      kernelSize: num('kernelSize'),
      denseUnits: num('denseUnits'),
      dropout: num('cnnDropout'),
      imageSize: num('imageSize'),
      channels: form.channels === '3' ? 3 : 1,
    };
  }

  const parsed = trainConfigSchema.safeParse(config);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = fieldForPath(issue.path as (string | number)[]);
      if (field === 'form') errors.form ??= issue.message;
      else errors[field] ??= issue.message;
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  return {
    ok: true,
    input: {
      datasetId,
      experiment: form.experiment.trim(),
      name: form.name.trim() || undefined,
      config,
    },
  };
}

const NESTED: Record<string, Record<string, FormField>> = {
  mlp: { hiddenUnits: 'hiddenUnits', activation: 'activation', dropout: 'mlpDropout' },
  cnn: {
    filters: 'filters',
    kernelSize: 'kernelSize',
    denseUnits: 'denseUnits',
    dropout: 'cnnDropout',
    imageSize: 'imageSize',
    channels: 'channels',
  },
  earlyStopping: { patience: 'patience' },
};

const TOP_LEVEL: FormField[] = [
  'datasetId',
  'experiment',
  'name',
  'model',
  'optimizer',
  'learningRate',
  'batchSize',
  'epochs',
  'validationSplit',
  'seed',
  'engine',
];

/**
 * Where a schema issue belongs in the form. Accepts paths relative to the config
 * (client-side check) or to the whole `runs.start` input (["config", ...], from the core).
 */
export function fieldForPath(path: (string | number)[]): FormField | 'form' {
  const p = path[0] === 'config' ? path.slice(1) : path;
  const [head, sub] = p;
  if (typeof head !== 'string') return 'form';
  if (head in NESTED) return (typeof sub === 'string' && NESTED[head][sub]) || 'form';
  return (TOP_LEVEL as string[]).includes(head) ? (head as FormField) : 'form';
}
