import { useState } from 'react';
import type { PipelineDefinition } from '../../../../shared/api/calls/pipelines';
import { stepName } from '../../../../shared/pipelines/spec';
import { useResyncedLoad } from '../../api/useResyncedLoad';
import { EmptyState, ErrorNotice, Loading } from '../../components/Notice';
import { formatDuration, formatTimestamp } from '../../lib/format';
import { routeHref } from '../../lib/route';
import { PipelineStatus } from './PipelineStatus';
import { triggerText } from './pipelineView';
import { usePipelines } from './pipelinesStore';

/** Every pipeline the data folder knows (run once by the CLI or the app), and the runs of each. */
export function PipelinesView() {
  const { definitions, runs, loaded, error, load } = usePipelines();
  useResyncedLoad(load);

  return (
    <section className="view" data-testid="pipelines-view">
      <header className="view-header">
        <div>
          <h1>Pipelines</h1>
          <p className="muted">
            Automated retraining: each run&apos;s trigger, steps, decision and why. Run a spec with <code>cairn pipeline run &lt;spec.yaml&gt;</code> and it
            shows here; Settings › Pipelines has this app watch their triggers while it is open.
          </p>
        </div>
      </header>
      {error && <ErrorNotice message={error} onRetry={() => void load()} />}
      {!loaded && <Loading what="pipelines" />}
      {loaded && definitions.length === 0 && !error && (
        <EmptyState title="No pipelines yet">
          <p>
            Run one with <code>cairn pipeline run examples/pipelines/retrain-iris.yaml</code>.
          </p>
        </EmptyState>
      )}
      {definitions.map((d) => (
        <PipelineCard key={d.name} definition={d} runs={runs.filter((r) => r.pipeline === d.name)} />
      ))}
    </section>
  );
}

function PipelineCard({ definition: d, runs }: { definition: PipelineDefinition; runs: ReturnType<typeof usePipelines.getState>['runs'] }) {
  const start = usePipelines((s) => s.start);
  const [message, setMessage] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const headingId = `pipeline-${d.name}-heading`;
  const runNow = async () => {
    setStarting(true);
    const r = await start(d.name);
    setStarting(false);
    setMessage(r.runId !== null ? null : r.message);
    if (r.runId !== null) window.location.hash = routeHref({ name: 'pipeline-run', pipelineRunId: r.runId });
  };
  return (
    <section className="card pipeline-card" aria-labelledby={headingId} data-testid={`pipeline-${d.name}`}>
      <div className="card-header">
        <h2 id={headingId}>{d.name}</h2>
        {d.lastRun && <PipelineStatus status={d.lastRun.status} testId={`pipeline-${d.name}-last-status`} />}
        {d.spec.trigger.kind === 'manual' && (
          <button type="button" className="btn btn-small" data-testid={`pipeline-${d.name}-run-now`} disabled={starting} onClick={() => void runNow()}>
            {starting ? 'Starting…' : 'Run now'}
          </button>
        )}
      </div>
      {d.spec.description && <p className="muted">{d.spec.description}</p>}
      <dl className="pipeline-facts">
        <dt>Trigger</dt>
        <dd data-testid={`pipeline-${d.name}-trigger`}>{triggerText(d.spec.trigger, d.spec.dataset)}</dd>
        <dt>Steps</dt>
        <dd className="mono">{d.spec.steps.map(stepName).join(' → ')}</dd>
        <dt>Data, model</dt>
        <dd>
          {d.spec.dataset}, {d.spec.model}
        </dd>
        {d.sourcePath && (
          <>
            <dt>Spec</dt>
            <dd className="mono">{d.sourcePath}</dd>
          </>
        )}
      </dl>
      {message && (
        <p className="field-error" role="alert" data-testid={`pipeline-${d.name}-message`}>
          {message}
        </p>
      )}
      {runs.length === 0 ? (
        <p className="muted">No runs yet.</p>
      ) : (
        <div className="table-scroll" tabIndex={0} role="region" aria-label={`Runs of ${d.name}`}>
          <table className="data-table" data-testid={`pipeline-${d.name}-runs`}>
            <thead>
              <tr>
                <th>Run</th>
                <th>Trigger</th>
                <th className="col-status">Status</th>
                <th>Decision</th>
                <th>Why</th>
                <th>Started</th>
                <th className="num">Duration</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => (
                <tr key={r.id} data-testid={`pipeline-run-row-${r.id}`}>
                  <td>
                    <a href={routeHref({ name: 'pipeline-run', pipelineRunId: r.id })}>#{r.id}</a>
                  </td>
                  <td className="ellipsis pipeline-trigger" title={r.trigger}>
                    {r.trigger}
                  </td>
                  <td>
                    <PipelineStatus status={r.status} />
                  </td>
                  <td>{r.decision?.replace('_', ' ') ?? '—'}</td>
                  <td className="pipeline-reason">{r.reason ?? ''}</td>
                  <td>{formatTimestamp(r.createdAt)}</td>
                  <td className="num">{r.endedAt === null ? '—' : formatDuration(r.endedAt - r.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
