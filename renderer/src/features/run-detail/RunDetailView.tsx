import { useEffect, useState } from 'react';
import { useConnection } from '../../api/connection';
import { ErrorNotice, Loading } from '../../components/Notice';
import { ProgressBar } from '../../components/ProgressBar';
import { StarToggle } from '../../components/StarToggle';
import { OriginChip } from '../../components/OriginChip';
import { StatusBadge } from '../../components/StatusBadge';
import { routeHref } from '../../lib/route';
import { useNow } from '../../lib/useNow';
import { isActive } from '../runs/runsStore';
import { MetricsSummary } from './MetricsSummary';
import { RunCharts } from './RunCharts';
import { RunEvaluations } from './RunEvaluations';
import { RunInfo } from './RunInfo';
import { RunNotes } from './RunNotes';
import { RegisterModel } from './RegisterModel';
import { RunTags } from './RunTags';
import { SystemMetrics } from './SystemMetrics';
import { useRunDetail } from './runDetailStore';
import { RunLoggedModels } from './RunLoggedModels';

export function RunDetailView({ runId }: { runId: string }) {
  const { run, curves, loading, error, busy, actionError, load, cancel, resume, rerun, saveNotes, update } = useRunDetail();
  const resyncs = useConnection((s) => s.resyncs);
  const [registering, setRegistering] = useState(false);

  useEffect(() => {
    void load(runId);
  }, [runId, load, resyncs]);

  const active = run ? isActive(run) : false;
  // Pulled from a team server: that server holds it; here it is read-only.
  const pulled = run?.origin != null;
  const now = useNow(active);

  if (!run || run.id !== runId) {
    if (error) return <ErrorNotice message={error} onRetry={() => void load(runId)} />;
    return <Loading what="run" />;
  }

  return (
    <section className="view run-detail">
      <header className="view-header">
        <div>
          <h1>
            <StarToggle runId={run.id} starred={run.starred} onToggle={(starred) => void update({ starred })} /> {run.name || run.id}{' '}
            <StatusBadge status={run.status} testId="run-status" /> <OriginChip origin={run.origin} />
          </h1>
          <p className="muted mono">{run.id}</p>
          {pulled && (
            <p className="muted" data-testid="run-read-only">
              Pulled from {run.origin}; read-only here. Change it on that server and pull again.
            </p>
          )}
        </div>
        <div className="actions">
          {!pulled && (
            <a
              className="btn"
              data-testid="clone-run"
              href={routeHref({ name: 'new-run', cloneOf: run.id })}
              title="Open the New run form with this run's settings, to change some and train"
            >
              Clone
            </a>
          )}
          {run.status === 'finished' && !pulled && (
            <a className="btn" data-testid="evaluate-run" href={routeHref({ name: 'new-evaluation', runId: run.id })}>
              Evaluate
            </a>
          )}
          {run.status === 'finished' && !pulled && (
            <button type="button" className="btn" data-testid="register-model" aria-expanded={registering} onClick={() => setRegistering((r) => !r)}>
              Register model
            </button>
          )}
          {!active && run.datasetVersionId !== null && (
            <button
              type="button"
              className="btn"
              data-testid="rerun"
              title="Train the same config, seed and dataset version again"
              disabled={busy === 'rerun'}
              onClick={() =>
                void rerun().then((id) => {
                  if (id) window.location.hash = routeHref({ name: 'run', runId: id });
                })
              }
            >
              {busy === 'rerun' ? 'Starting…' : 'Re-run'}
            </button>
          )}
          {active && (
            <button type="button" className="btn btn-danger" data-testid="cancel-run" disabled={busy === 'cancel'} onClick={() => void cancel()}>
              {busy === 'cancel' ? 'Cancelling…' : 'Cancel'}
            </button>
          )}
          {run.status === 'interrupted' && (
            <button type="button" className="btn btn-primary" data-testid="resume-run" disabled={busy === 'resume'} onClick={() => void resume()}>
              {busy === 'resume' ? 'Resuming…' : `Resume${run.checkpointEpoch !== null ? ` from epoch ${run.checkpointEpoch}` : ''}`}
            </button>
          )}
        </div>
      </header>

      {registering && run.status === 'finished' && (
        <RegisterModel key={run.id} runId={run.id} suggestedName={run.datasetName ?? run.experimentName} onClose={() => setRegistering(false)} />
      )}
      {actionError && <ErrorNotice message={actionError} />}
      {error && !loading && <ErrorNotice message={error} onRetry={() => void load(runId)} />}
      {active && <ProgressBar progress={run.progress} />}
      {run.status === 'failed' && run.error && (
        <section className="card card-error">
          <h2>Error</h2>
          <pre className="error-text" data-testid="run-error" tabIndex={0}>
            {run.error}
          </pre>
        </section>
      )}

      <MetricsSummary curves={curves} active={active} />
      <RunCharts curves={curves} showBatch={active} />
      <SystemMetrics curves={curves} />
      <RunInfo run={run} now={now} />
      <RunLoggedModels models={run.loggedModels} />
      {run.status === 'finished' && <RunEvaluations runId={run.id} resyncs={resyncs} />}
      <RunTags tags={run.tags} onChange={pulled ? undefined : (tags) => void update({ tags })} />
      <RunNotes key={run.id} notes={run.notes} saving={busy === 'notes'} onSave={pulled ? undefined : saveNotes} />
    </section>
  );
}
