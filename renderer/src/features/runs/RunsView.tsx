import { useCallback, useEffect, useState } from 'react';
import { useConnection } from '../../api/connection';
import { EmptyState, ErrorNotice, Loading } from '../../components/Notice';
import { routeHref } from '../../lib/route';
import { navigate } from '../../lib/useRoute';
import { useNow } from '../../lib/useNow';
import { useShell } from '../shell/shellStore';
import { BulkActions } from './BulkActions';
import { ColumnChooser } from './ColumnChooser';
import { loadDensity, saveDensity, type Density } from './density';
import { FilterBox } from './FilterBox';
import { RunsTable } from './RunsTable';
import { isActive, useRuns } from './runsStore';

export function RunsView({ experimentId, filter }: { experimentId: number | null; filter: string }) {
  const store = useRuns();
  const { total, error, filterWarnings, sort, columns, available, selected, selectedRuns, includeArchived, busy, actionError } = store;
  const experiment = useShell((s) => s.experiments.find((e) => e.id === experimentId));
  const resyncs = useConnection((s) => s.resyncs);
  const [density, setDensity] = useState<Density>(loadDensity);

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
          <label className="field-select" title="Row height">
            Rows
            <select
              data-testid="density-select"
              value={density}
              onChange={(e) => {
                const d = e.target.value as Density;
                setDensity(d);
                saveDensity(d);
              }}
            >
              <option value="comfortable">comfortable</option>
              <option value="compact">compact</option>
            </select>
          </label>
          <ColumnChooser chosen={columns} available={available} onChange={store.setColumns} />
          <button
            type="button"
            className="btn btn-small"
            data-testid="export-csv"
            disabled={!total || busy === 'export'}
            onClick={() => void store.exportCsv()}
          >
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
          {/* The sidebar's New run is the one way in, on every screen: no second button here. */}
          <p>Start a training run with New run, top left, to see it here, live.</p>
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
          density={density}
        />
      )}
    </section>
  );
}
