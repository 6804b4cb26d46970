import type { RunSummary } from '../../../../shared/domain';
import { ProgressBar } from '../../components/ProgressBar';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDuration, formatMetric, formatParam, formatTimestamp, runDuration } from '../../lib/format';
import { routeHref } from '../../lib/route';
import { architectureOf, type SortDir, type SortKey } from './sortRuns';

interface Column {
  key: SortKey;
  label: string;
  title?: string;
  numeric?: boolean;
}

const COLUMNS: Column[] = [
  { key: 'status', label: 'Status' },
  { key: 'name', label: 'Name' },
  { key: 'engine', label: 'Engine' },
  { key: 'modelType', label: 'Model' },
  { key: 'learningRate', label: 'LR', title: 'Learning rate', numeric: true },
  { key: 'batchSize', label: 'Batch', title: 'Batch size', numeric: true },
  { key: 'epochs', label: 'Epochs', numeric: true },
  { key: 'architecture', label: 'Units / filters', title: 'Hidden units (MLP) or conv filters (CNN)' },
  { key: 'loss', label: 'loss', numeric: true },
  { key: 'accuracy', label: 'acc', title: 'accuracy', numeric: true },
  { key: 'val_loss', label: 'val_loss', numeric: true },
  { key: 'val_accuracy', label: 'val_acc', title: 'val_accuracy', numeric: true },
  { key: 'dataset', label: 'Dataset' },
  { key: 'started', label: 'Started' },
  { key: 'duration', label: 'Duration', numeric: true },
];

interface Props {
  runs: RunSummary[];
  sortKey: SortKey;
  sortDir: SortDir;
  onSort(key: SortKey): void;
  selected: string[];
  onToggle(runId: string): void;
  onToggleAll(): void;
  now: number;
}

export function RunsTable({ runs, sortKey, sortDir, onSort, selected, onToggle, onToggleAll, now }: Props) {
  const allSelected = runs.length > 0 && runs.every((r) => selected.includes(r.id));
  return (
    <div className="table-scroll">
      <table className="data-table runs-table" data-testid="runs-table">
        <thead>
          <tr>
            <th className="col-check">
              <input type="checkbox" aria-label="Select all runs" checked={allSelected} onChange={onToggleAll} />
            </th>
            {COLUMNS.map((col) => (
              <th
                key={col.key}
                className={col.numeric ? 'num sortable' : 'sortable'}
                title={col.title}
                aria-sort={sortKey === col.key ? (sortDir === 'asc' ? 'ascending' : 'descending') : 'none'}
                data-testid={`sort-${col.key}`}
              >
                <button type="button" className="th-button" onClick={() => onSort(col.key)}>
                  {col.label}
                  <span className="sort-mark">{sortKey === col.key ? (sortDir === 'asc' ? '▲' : '▼') : ''}</span>
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <RunRow key={run.id} run={run} checked={selected.includes(run.id)} onToggle={onToggle} now={now} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RunRow({ run, checked, onToggle, now }: { run: RunSummary; checked: boolean; onToggle(id: string): void; now: number }) {
  const href = routeHref({ name: 'run', runId: run.id });
  return (
    <tr data-testid={`run-row-${run.id}`} data-status={run.status} className={checked ? 'selected' : undefined}>
      <td className="col-check">
        <input type="checkbox" aria-label={`Select ${run.name}`} checked={checked} onChange={() => onToggle(run.id)} />
      </td>
      <td className="col-status">
        <StatusBadge status={run.status} />
        {run.status === 'running' && <ProgressBar progress={run.progress} compact />}
      </td>
      <td className="col-name">
        <a href={href}>{run.name || run.id}</a>
      </td>
      <td className="muted">{run.engine ? `${run.engine} · ${(run.device ?? '?').toUpperCase()}` : '—'}</td>
      <td>{run.modelType}</td>
      <td className="num">{formatParam(run.params.learningRate)}</td>
      <td className="num">{formatParam(run.params.batchSize)}</td>
      <td className="num">{formatParam(run.params.epochs)}</td>
      <td>{architectureOf(run) ?? '—'}</td>
      <td className="num">{formatMetric(run.metrics.loss?.last)}</td>
      <td className="num">{formatMetric(run.metrics.accuracy?.last)}</td>
      <td className="num">{formatMetric(run.metrics.val_loss?.last)}</td>
      <td className="num">{formatMetric(run.metrics.val_accuracy?.last)}</td>
      <td>{run.datasetName ? `${run.datasetName}@${run.datasetVersion ?? '?'}` : '—'}</td>
      <td title={run.startedAt ? new Date(run.startedAt).toLocaleString() : 'not started'}>{formatTimestamp(run.startedAt, now)}</td>
      <td className="num">{formatDuration(runDuration(run, now))}</td>
    </tr>
  );
}
