import { useEffect, useMemo } from 'react';
import { useConnection } from '../../api/connection';
import { EmptyState, ErrorNotice, Loading } from '../../components/Notice';
import { routeHref } from '../../lib/route';
import { navigate } from '../../lib/useRoute';
import { useNow } from '../../lib/useNow';
import { useShell } from '../shell/shellStore';
import { RunsTable } from './RunsTable';
import { isActive, useRuns } from './runsStore';
import { sortRuns } from './sortRuns';

export function RunsView({ experimentId }: { experimentId: number | null }) {
  const { runs, loaded, error, sortKey, sortDir, selected, load, toggleSort, toggleSelected, setSelected } = useRuns();
  const experiment = useShell((s) => s.experiments.find((e) => e.id === experimentId));
  const resyncs = useConnection((s) => s.resyncs);

  useEffect(() => {
    void load(experimentId);
  }, [experimentId, load, resyncs]);

  const anyActive = runs.some(isActive);
  const now = useNow(anyActive);
  // Durations of running runs tick, but order only reshuffles on a real data change.
  const sorted = useMemo(() => sortRuns(runs, sortKey, sortDir), [runs, sortKey, sortDir]);

  const title = experimentId === null ? 'All runs' : (experiment?.name ?? `Experiment ${experimentId}`);
  const compare = () => navigate(routeHref({ name: 'compare', runIds: selected }));

  return (
    <section className="view">
      <header className="view-header">
        <div>
          <h1>{title}</h1>
          <p className="muted">
            {runs.length} run{runs.length === 1 ? '' : 's'}
            {anyActive ? ` · ${runs.filter(isActive).length} active` : ''}
          </p>
        </div>
        <div className="actions">
          <button
            type="button"
            className="btn"
            data-testid="compare-button"
            disabled={selected.length < 2}
            title={selected.length < 2 ? 'Select two or more runs to compare' : undefined}
            onClick={compare}
          >
            Compare ({selected.length})
          </button>
          <a className="btn btn-primary" href="#/new-run">
            New run
          </a>
        </div>
      </header>

      {error && <ErrorNotice message={error} onRetry={() => void load(experimentId)} />}
      {!loaded && !error && <Loading what="runs" />}
      {loaded && runs.length === 0 && !error && (
        <EmptyState title="No runs yet">
          <p>Start a training run to see it here, live.</p>
          <a className="btn btn-primary" href="#/new-run">
            Start a run
          </a>
        </EmptyState>
      )}
      {runs.length > 0 && (
        <RunsTable
          runs={sorted}
          sortKey={sortKey}
          sortDir={sortDir}
          onSort={toggleSort}
          selected={selected}
          onToggle={toggleSelected}
          onToggleAll={() => setSelected(selected.length === runs.length ? [] : runs.map((r) => r.id))}
          now={now}
        />
      )}
    </section>
  );
}
