import type { RunSummary } from '../../../../shared/domain';
import { runDuration } from '../../lib/format';

export type SortKey =
  | 'status'
  | 'name'
  | 'engine'
  | 'modelType'
  | 'learningRate'
  | 'batchSize'
  | 'epochs'
  | 'architecture'
  | 'loss'
  | 'accuracy'
  | 'val_loss'
  | 'val_accuracy'
  | 'dataset'
  | 'started'
  | 'duration';

export type SortDir = 'asc' | 'desc';

/** Hidden units for an MLP, filters for a CNN: the one "shape" param a table has room for. */
export function architectureOf(run: RunSummary): string | null {
  const v = run.params.hiddenUnits ?? run.params.filters;
  return v === undefined || v === null ? null : String(v);
}

const STATUS_ORDER = ['running', 'queued', 'interrupted', 'failed', 'cancelled', 'finished'];

function sortValue(run: RunSummary, key: SortKey, now: number): string | number | null {
  switch (key) {
    case 'status':
      return STATUS_ORDER.indexOf(run.status);
    case 'name':
      return run.name.toLowerCase();
    case 'engine':
      return run.engine ? `${run.engine}/${run.device ?? ''}` : null;
    case 'modelType':
      return run.modelType;
    case 'learningRate':
    case 'batchSize':
    case 'epochs': {
      const v = run.params[key];
      return typeof v === 'number' ? v : null;
    }
    case 'architecture':
      return architectureOf(run);
    case 'loss':
    case 'accuracy':
    case 'val_loss':
    case 'val_accuracy':
      return run.metrics[key]?.last ?? null;
    case 'dataset':
      return run.datasetName ? `${run.datasetName.toLowerCase()}@${String(run.datasetVersion ?? 0).padStart(6, '0')}` : null;
    case 'started':
      return run.startedAt ?? run.createdAt;
    case 'duration':
      return runDuration(run, now);
  }
}

/** Stable sort; runs without a value for the key go last whichever the direction. */
export function sortRuns(runs: RunSummary[], key: SortKey, dir: SortDir, now = Date.now()): RunSummary[] {
  const sign = dir === 'asc' ? 1 : -1;
  return runs
    .map((run, index) => ({ run, index, value: sortValue(run, key, now) }))
    .sort((a, b) => {
      if (a.value === null || b.value === null) {
        if (a.value === b.value) return a.index - b.index;
        return a.value === null ? 1 : -1;
      }
      const cmp =
        typeof a.value === 'number' && typeof b.value === 'number'
          ? a.value - b.value
          : String(a.value).localeCompare(String(b.value), undefined, { numeric: true });
      return cmp !== 0 ? cmp * sign : a.index - b.index;
    })
    .map((x) => x.run);
}
