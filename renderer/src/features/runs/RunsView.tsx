import { useCallback, useEffect } from 'react';
import { useConnection } from '../../api/connection';
import { EmptyState, ErrorNotice, Loading } from '../../components/Notice';
import { routeHref } from '../../lib/route';
import { navigate } from '../../lib/useRoute';
import { useNow } from '../../lib/useNow';
import { useShell } from '../shell/shellStore';
import { BulkActions } from './BulkActions';
import { ColumnChooser } from './ColumnChooser';
import { FilterBox } from './FilterBox';
import { RunsTable } from './RunsTable';
import { isActive, useRuns } from './runsStore';

export function RunsView({ experimentId, filter }: { experimentId: number | null; filter: string }) {
  const store = useRuns();
  const { total, error, filterWarnings, sort, columns, available, selected, selectedRuns, includeArchived, busy, actionError } = store;
  const experiment = useShell((s) => s.experiments.find((e) => e.id === experimentId));
  const resyncs = useConnection((s) => s.resyncs);

  useEffect(() => {
    useRuns.getState().setScope(experimentId, filter);
  }, [experimentId, filter, resyncs]);

  const loaded = Object.values(store.pages).flat();
  const anyActive = loaded.some(isActive);
  const now = useNow(anyActive);
  const allLoadedSelected = loaded.length > 0 && loaded.every((r) => r.id in selectedRuns);

  const applyFilter = useCallback((f: string) => navigate(routeHref({ name: 'runs', experimentId, filter: f })), [experimentId]);
  const title = experimentId === null ? 'All runs' : (experiment?.name ?? `Experiment ${experimentId}`);

  return (
    <section className="view runs-view">
      <header className="view-header">
        <div>
          <h1>{title}</h1>
          <p className="muted">
            <span data-testid="runs-total" data-total={total ?? ''}>
              {total === null ? '…' : `${total.toLocaleString()} run${total === 1 ? '' : 's'}`}
            </span>
            {filter ? ' match the filter' : ''}
            {anyActive ? ` · ${loaded.filter(isActive).length} active` : ''}
          </p>
        </div>
        <div className="actions">
          <a className="btn btn-primary" href="#/new-run">
            New run
          </a>
        </div>
      </header>

      <FilterBox applied={filter} warnings={filterWarnings} onApply={applyFilter} />

      <div className="runs-toolbar">
        <BulkActions
          selected={selected}
          selectedRuns={selectedRuns}
          busy={busy}
          onCompare={() => navigate(routeHref({ name: 'compare', runIds: selected }))}
          onArchive={(on) => void store.archiveSelected(on)}
          onDelete={store.deleteSelected}
          onTag={(k, v) => void store.tagSelected(k, v)}
          onClear={store.clearSelection}
        />
        <div className="actions">
          <label className="toggle">
            <input type="checkbox" data-testid="show-archived" checked={includeArchived} onChange={(e) => store.setIncludeArchived(e.target.checked)} />
            Show archived
          </label>
          <ColumnChooser chosen={columns} available={available} onChange={store.setColumns} />
          <button type="button" className="btn btn-small" data-testid="export-csv" disabled={!total || busy === 'export'} onClick={() => void store.exportCsv()}>
            {busy === 'export' ? 'Exporting…' : 'Export CSV'}
          </button>
        </div>
      </div>

      {actionError && (
        <div data-testid="runs-action-error">
          <ErrorNotice message={actionError} onRetry={store.dismissActionError} />
        </div>
      )}
      {error && <ErrorNotice message={error} onRetry={store.refresh} />}
      {total === null && !error && <Loading what="runs" />}
      {total === 0 && !error && !filter && !includeArchived && (
        <EmptyState title="No runs yet">
          <p>Start a training run to see it here, live.</p>
          <a className="btn btn-primary" href="#/new-run">
            Start a run
          </a>
        </EmptyState>
      )}
      {total === 0 && !error && (filter || includeArchived) && <p className="muted">No runs match.</p>}
      {total !== null && total > 0 && (
        <RunsTable
          queryKey={JSON.stringify([experimentId, filter, sort, includeArchived])}
          total={total}
          rowAt={store.rowAt}
          columns={columns}
          sort={sort}
          onSort={store.toggleSort}
          selected={selectedRuns}
          allLoadedSelected={allLoadedSelected}
          onClickRow={store.clickRow}
          onToggleAll={store.toggleAllLoaded}
          onStar={(run, on) => void store.setStarred(run, on)}
          onRange={store.ensureRange}
          now={now}
        />
      )}
    </section>
  );
}
