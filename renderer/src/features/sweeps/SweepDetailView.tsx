import type { SweepInfoResult, SweepTrialInfo } from '../../../../shared/api/calls/sweeps';
import type { RunStatus } from '../../../../shared/domain';
import { useResyncedLoad } from '../../api/useResyncedLoad';
import { ErrorNotice, Loading } from '../../components/Notice';
import { StatusBadge } from '../../components/StatusBadge';
import { formatMetric, formatParam, formatTimestamp } from '../../lib/format';
import { routeHref } from '../../lib/route';
import { SweepStatusBadge } from './SweepStatusBadge';
import { useSweeps } from './sweepsStore';

export function SweepDetailView({ sweepId }: { sweepId: number }) {
  const { detail, detailError, cancelling, loadDetail, cancel } = useSweeps();

  useResyncedLoad(loadDetail, sweepId);

  if (!detail || detail.id !== sweepId) {
    if (detailError) return <ErrorNotice message={detailError} onRetry={() => void loadDetail(sweepId)} />;
    return <Loading what="sweep" />;
  }

  const { spec } = detail;
  const done = detail.trials.filter((t) => !['queued', 'running'].includes(t.status)).length;
  const runIds = detail.trials.map((t) => t.runId);

  return (
    <section className="view" data-testid="sweep-detail" data-status={detail.status}>
      <header className="view-header">
        <div>
          <h1>
            {detail.name} <SweepStatusBadge status={detail.status} testId="sweep-status" />
          </h1>
          <p className="muted">
            <a href={routeHref({ name: 'sweeps' })}>Sweeps</a> · #{detail.id} · {spec.method} on {spec.dataset} · {done}/{detail.trials.length} trials done ·{' '}
            {spec.parallel} at a time · started {formatTimestamp(detail.createdAt)}
          </p>
        </div>
        <div className="actions">
          {runIds.length > 0 && (
            <a className="btn" data-testid="compare-trials" href={routeHref({ name: 'compare', runIds })}>
              Compare trials
            </a>
          )}
          {detail.status === 'running' && (
            <button type="button" className="btn btn-danger" data-testid="cancel-sweep" disabled={cancelling} onClick={() => void cancel()}>
              {cancelling ? 'Cancelling…' : 'Cancel sweep'}
            </button>
          )}
        </div>
      </header>
      {detailError && <ErrorNotice message={detailError} />}
      <BestTrial sweep={detail} />
      <TrialQueue sweep={detail} />
    </section>
  );
}

function BestTrial({ sweep }: { sweep: SweepInfoResult }) {
  const { best, spec } = sweep;
  return (
    <section
      className="card sweep-best"
      data-testid="sweep-best"
      data-run-id={best?.runId ?? ''}
      data-index={best?.index ?? ''}
      data-metric={best?.metric ?? ''}
    >
      <h2>Best trial</h2>
      {best ? (
        <p>
          Trial {best.index}: {spec.metric} = <strong className="mono">{formatMetric(best.metric)}</strong> ({spec.goal}) ·{' '}
          <a href={routeHref({ name: 'run', runId: best.runId })}>{best.runId.slice(0, 8)}</a> · <span className="mono">{describeParams(best.params)}</span>
        </p>
      ) : (
        <p className="muted">{sweep.status === 'running' ? 'None finished yet.' : 'No trial finished with the metric.'}</p>
      )}
    </section>
  );
}

/** Every trial in queue order: status, whether the median rule stopped it and why, and its metric. */
function TrialQueue({ sweep }: { sweep: SweepInfoResult }) {
  const keys = Object.keys(sweep.spec.space).sort();
  const sorted = [...sweep.trials].sort((a, b) => a.index - b.index);
  return (
    <div className="table-scroll card" tabIndex={0}>
      <table className="data-table sweep-trials" data-testid="sweep-trials">
        <thead>
          <tr>
            <th className="num">Trial</th>
            <th>Status</th>
            {keys.map((k) => (
              <th key={k}>{k}</th>
            ))}
            <th className="num">
              {sweep.spec.metric} ({sweep.spec.goal === 'minimize' ? 'min' : 'max'})
            </th>
            <th>Run</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((t) => (
            <TrialRow key={t.runId} trial={t} keys={keys} best={sweep.best?.runId === t.runId} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function TrialRow({ trial, keys, best }: { trial: SweepTrialInfo; keys: string[]; best: boolean }) {
  return (
    <tr
      className={best ? 'selected best-trial' : undefined}
      data-testid={`sweep-trial-${trial.index}`}
      data-status={trial.status}
      data-pruned={String(trial.pruned !== null)}
      data-best={String(best)}
    >
      <td className="num">
        {trial.index}
        {best && (
          <span className="chip best-chip" title="Best trial">
            best
          </span>
        )}
      </td>
      <td>
        <StatusBadge status={trial.status as RunStatus} />
        {trial.pruned && (
          <span className="chip pruned-chip" title={trial.pruned} data-testid={`sweep-trial-${trial.index}-pruned`}>
            pruned: {trial.pruned}
          </span>
        )}
      </td>
      {keys.map((k) => (
        <td key={k} className="mono">
          {paramText(trial.params[k])}
        </td>
      ))}
      <td className="num mono">{formatMetric(trial.metric)}</td>
      <td>
        <a href={routeHref({ name: 'run', runId: trial.runId })} className="mono">
          {trial.runId.slice(0, 8)}
        </a>
      </td>
    </tr>
  );
}

function paramText(v: unknown): string {
  return typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' ? formatParam(v) : JSON.stringify(v);
}

function describeParams(params: Record<string, unknown>): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${paramText(v)}`)
    .join(' ');
}
