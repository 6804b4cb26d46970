import { useResyncedLoad } from '../../api/useResyncedLoad';
import { EmptyState, ErrorNotice, Loading } from '../../components/Notice';
import { formatMetric, formatTimestamp } from '../../lib/format';
import { routeHref } from '../../lib/route';
import { SweepStatusBadge } from './SweepStatusBadge';
import { useSweeps } from './sweepsStore';

export function SweepsView() {
  const { sweeps, loaded, error, load } = useSweeps();

  useResyncedLoad(load);

  return (
    <section className="view">
      <header className="view-header">
        <div>
          <h1>Sweeps</h1>
          <p className="muted">Grid or random search over a training config, weak trials stopped early.</p>
        </div>
        <div className="actions">
          <a className="btn btn-primary" href={routeHref({ name: 'new-sweep' })} data-testid="new-sweep">
            + New sweep
          </a>
        </div>
      </header>
      {error && <ErrorNotice message={error} onRetry={() => void load()} />}
      {!loaded && <Loading what="sweeps" />}
      {loaded && sweeps.length === 0 && !error && (
        <EmptyState title="No sweeps yet">
          <p>
            Start one here, or from the command line with <code>cairn sweep spec.json</code>.
          </p>
        </EmptyState>
      )}
      {sweeps.length > 0 && (
        <div className="table-scroll" tabIndex={0}>
          <table className="data-table" data-testid="sweeps-list">
            <thead>
              <tr>
                <th>Sweep</th>
                <th>Status</th>
                <th>Method</th>
                <th className="num">Trials</th>
                <th>Metric</th>
                <th className="num">Best</th>
                <th>Started</th>
              </tr>
            </thead>
            <tbody>
              {sweeps.map((s) => {
                const done = s.trials.filter((t) => !['queued', 'running'].includes(t.status)).length;
                return (
                  <tr key={s.id} data-testid={`sweep-row-${s.id}`} data-status={s.status}>
                    <td className="col-name">
                      <a href={routeHref({ name: 'sweep', sweepId: s.id })}>{s.name}</a> <span className="muted">#{s.id}</span>
                    </td>
                    <td>
                      <SweepStatusBadge status={s.status} />
                    </td>
                    <td>{s.spec.method}</td>
                    <td className="num">
                      {done}/{s.trials.length}
                    </td>
                    <td>
                      {s.spec.metric} <span className="muted">({s.spec.goal === 'minimize' ? 'min' : 'max'})</span>
                    </td>
                    <td className="num mono">{formatMetric(s.best?.metric)}</td>
                    <td>{formatTimestamp(s.createdAt)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
