import type { RunColumns, RunSummary } from '../../../../shared/domain';
import { formatDuration, formatMetric, formatParam, formatTimestamp, runDuration } from '../../lib/format';

// Table columns are named by the filter language's field syntax ("params.lr",
// "metrics.val_loss.min", "tags.owner", "started"), so the same key sorts server-side, appears
// in the header's testid and labels the CSV column.

export type CellValue = string | number | boolean | null;

export interface ColumnDef {
  key: string;
  label: string;
  title: string;
  numeric: boolean;
  /** Pixels: wide enough for the usual value; longer ones are cut with an ellipsis and a tooltip. */
  width: number;
}

/** Run attributes a column can show; status, name and star are always there. */
const ATTRIBUTE_COLUMNS: Record<string, Omit<ColumnDef, 'key'>> = {
  experiment: { label: 'Experiment', title: 'Experiment', numeric: false, width: 130 },
  engine: { label: 'Engine', title: 'Engine and device', numeric: false, width: 104 },
  model: { label: 'Model', title: 'Model type', numeric: false, width: 64 },
  dataset: { label: 'Dataset', title: 'Dataset@version', numeric: false, width: 116 },
  created: { label: 'Created', title: 'Created', numeric: false, width: 100 },
  started: { label: 'Started', title: 'Started', numeric: false, width: 100 },
  ended: { label: 'Ended', title: 'Ended', numeric: false, width: 100 },
  duration: { label: 'Duration', title: 'Wall time', numeric: true, width: 80 },
};

export const ATTRIBUTE_KEYS = Object.keys(ATTRIBUTE_COLUMNS);

/** What tells runs apart first (validation metrics, data, when), then how they were trained. */
export const DEFAULT_COLUMNS = [
  'metrics.val_loss',
  'metrics.val_accuracy',
  'metrics.loss',
  'metrics.accuracy',
  'dataset',
  'started',
  'duration',
  'params.learningRate',
  'params.batchSize',
  'params.epochs',
  'model',
  'engine',
];

const SHORT_METRIC: Record<string, string> = { accuracy: 'acc', val_accuracy: 'val_acc' };
const SHORT_PARAM: Record<string, string> = { learningRate: 'LR', batchSize: 'Batch', epochs: 'Epochs' };

export function columnDef(key: string): ColumnDef {
  const attr = ATTRIBUTE_COLUMNS[key];
  if (attr) return { key, ...attr };
  const [scope, name, agg] = splitKey(key);
  if (scope === 'params') return { key, label: SHORT_PARAM[name] ?? name, title: `param ${name}`, numeric: true, width: 76 };
  if (scope === 'metrics') {
    const base = SHORT_METRIC[name] ?? name;
    return { key, label: agg ? `${base} ${agg}` : base, title: `${name} (${agg ?? 'last'})`, numeric: true, width: agg ? 96 : 84 };
  }
  return { key, label: name, title: `tag ${name}`, numeric: false, width: 110 };
}

/** A scoped field in filter syntax; keys that aren't plain words are quoted so the core parses them. */
export function scopedKey(scope: 'params' | 'metrics' | 'tags', name: string, agg?: 'min' | 'max'): string {
  const k = /^[A-Za-z_][\w\-/]*$/.test(name) ? name : `"${name.replace(/["\\]/g, '\\$&')}"`;
  return agg ? `${scope}.${k}.${agg}` : `${scope}.${k}`;
}

/** "metrics.val_loss.min" → ['metrics', 'val_loss', 'min']. */
function splitKey(key: string): [string, string, string | undefined] {
  const dot = key.indexOf('.');
  const scope = key.slice(0, dot);
  let rest = key.slice(dot + 1);
  let agg: string | undefined;
  if (scope === 'metrics') {
    const m = /^(.*)\.(last|min|max)$/.exec(rest);
    if (m) {
      rest = m[1];
      agg = m[2] === 'last' ? undefined : m[2];
    }
  }
  if (rest.startsWith('"') && rest.endsWith('"')) rest = rest.slice(1, -1).replace(/\\(.)/g, '$1');
  return [scope, rest, agg];
}

/** The raw value of a column for a run: what CSV export writes and cells format. */
export function cellValue(run: RunSummary, key: string, now = Date.now()): CellValue {
  switch (key) {
    case 'id':
      return run.id;
    case 'name':
      return run.name;
    case 'status':
      return run.status;
    case 'starred':
      return run.starred;
    case 'archived':
      return run.archived;
    case 'experiment':
      return run.experimentName;
    case 'engine':
      return run.engine ? `${run.engine}/${run.device ?? '?'}` : null;
    case 'model':
      return run.modelType;
    case 'dataset':
      return run.datasetName ? `${run.datasetName}@${run.datasetVersion ?? '?'}` : null;
    case 'created':
      return run.createdAt;
    case 'started':
      return run.startedAt;
    case 'ended':
      return run.endedAt;
    case 'duration':
      return runDuration(run, now);
  }
  const [scope, name, agg] = splitKey(key);
  if (scope === 'params') return run.params[name] ?? null;
  if (scope === 'metrics') return run.metrics[name]?.[(agg ?? 'last') as 'last' | 'min' | 'max'] ?? null;
  if (scope === 'tags') return run.tags[name] ?? null;
  return null;
}

/** CSV wants timestamps readable by spreadsheets, not epoch ms. */
export function csvValue(run: RunSummary, key: string): CellValue {
  const v = cellValue(run, key);
  if ((key === 'created' || key === 'started' || key === 'ended') && typeof v === 'number') return new Date(v).toISOString();
  return v;
}

export function formatCell(run: RunSummary, key: string, now: number): string {
  const v = cellValue(run, key, now);
  if (key === 'engine' && run.engine) return `${run.engine} · ${(run.device ?? '?').toUpperCase()}`;
  if (key === 'created' || key === 'started' || key === 'ended') return formatTimestamp(v as number | null, now);
  if (key === 'duration') return formatDuration(v as number | null);
  if (key.startsWith('metrics.')) return formatMetric(v as number | null);
  return formatParam(v);
}

/** For a metric column: how many NaN/±Infinity points its value leaves out, said in words; null when none. */
export function nonFiniteNote(run: RunSummary, key: string): string | null {
  const [scope, name] = splitKey(key);
  const n = scope === 'metrics' ? run.nonFiniteMetrics?.[name] : undefined;
  return n ? `${n} non-finite value${n === 1 ? '' : 's'} (NaN or ±Infinity) skipped` : null;
}

/** Every column the chooser offers for what the runs in scope actually have. */
export function availableColumns(cols: RunColumns): { group: string; keys: string[] }[] {
  return [
    { group: 'Run', keys: ATTRIBUTE_KEYS },
    { group: 'Params', keys: cols.params.map((p) => scopedKey('params', p)) },
    { group: 'Metrics', keys: cols.metrics.flatMap((m) => [scopedKey('metrics', m), scopedKey('metrics', m, 'min'), scopedKey('metrics', m, 'max')]) },
    { group: 'Tags', keys: cols.tags.map((t) => scopedKey('tags', t)) },
  ];
}

/** Sorting a name or tag A→Z reads naturally; numbers and dates are wanted biggest/newest first. */
export function defaultSortDir(key: string): 'asc' | 'desc' {
  return ['name', 'status', 'model', 'dataset', 'experiment', 'engine'].includes(key) || key.startsWith('tags.') ? 'asc' : 'desc';
}

const STORAGE_KEY = 'cairn.runs.columns';

export function loadColumnChoice(): string[] {
  try {
    const raw = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as unknown;
    if (Array.isArray(raw) && raw.every((k) => typeof k === 'string')) return raw;
  } catch {
    // A hand-edited or corrupt value: fall back to the defaults.
  }
  return DEFAULT_COLUMNS;
}

export function saveColumnChoice(keys: string[]): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(keys));
  } catch {
    // Storage full or disabled: the choice just won't outlive the session.
  }
}
