import { useEffect, useState, type FormEvent } from 'react';
import type { PipelineRunRecord, PipelineStepRecord } from '../../../../shared/pipelines/run';
import { useResyncedLoad } from '../../api/useResyncedLoad';
import { ErrorNotice, Loading } from '../../components/Notice';
import { formatDuration, formatFullTimestamp } from '../../lib/format';
import { routeHref } from '../../lib/route';
import { useNow } from '../../lib/useNow';
import { useSettings } from '../settings/settingsStore';
import { PipelineStatus } from './PipelineStatus';
import { driftColumns, outputRows, stepDuration, stepLinks, waitingStep } from './pipelineView';
import { usePipelines } from './pipelinesStore';

/** One pipeline run: its steps as a chain, the chosen step's log and outputs, and the approval a waiting run needs. */
export function PipelineRunView({ runId }: { runId: number }) {
  const run = usePipelines((s) => (s.run?.id === runId ? s.run : null));
  const error = usePipelines((s) => s.runError);
  const loadRun = usePipelines((s) => s.loadRun);
  useResyncedLoad(loadRun, runId);
  const [chosen, setChosen] = useState<string | null>(null);
  const now = useNow(run?.status === 'running');

  if (!run) return error ? <ErrorNotice message={error} onRetry={() => void loadRun(runId)} /> : <Loading what={`pipeline run #${runId}`} />;
  const step = run.steps.find((s) => s.name === chosen) ?? defaultStep(run);
  return (
    <section className="view" data-testid="pipeline-run-view">
      <header className="view-header">
        <div>
          <h1>
            {run.pipeline} run #{run.id} <PipelineStatus status={run.status} testId="pipeline-run-status" />
          </h1>
          <p className="muted">
            <a href={routeHref({ name: 'pipelines' })}>All pipelines</a> · triggered by{' '}
            <span className="mono">{run.trigger.label.startsWith(run.trigger.kind) ? run.trigger.label : `${run.trigger.kind}: ${run.trigger.label}`}</span> ·
            started {formatFullTimestamp(run.createdAt)} ·{' '}
            {run.endedAt === null ? `running for ${formatDuration(now - run.createdAt)}` : `took ${formatDuration(run.endedAt - run.createdAt)}`}
          </p>
        </div>
      </header>
      {error && <ErrorNotice message={error} onRetry={() => void loadRun(runId)} />}
      {(run.decision || run.reason) && (
        <p className="pipeline-decision" data-testid="pipeline-run-decision">
          <strong>{run.decision?.replace('_', ' ') ?? run.status}</strong>
          {run.reason && <>: {run.reason}</>}
        </p>
      )}
      <StepGraph run={run} selected={step?.name ?? null} now={now} onSelect={setChosen} />
      {waitingStep(run) && <ApprovalForm run={run} />}
      {run.approvals.length > 0 && (
        <ul className="pipeline-approvals" data-testid="pipeline-approvals">
          {run.approvals.map((a) => (
            <li key={`${a.at}-${a.by}`}>
              <strong>{a.decision}</strong> by {a.by} at {formatFullTimestamp(a.at)}: {a.reason}
            </li>
          ))}
        </ul>
      )}
      {step && <StepDetail step={step} now={now} />}
    </section>
  );
}

/** The step to open first: the one a person is waiting on, running, or failed; else the last that ran. */
function defaultStep(run: PipelineRunRecord): PipelineStepRecord | undefined {
  const by = (...statuses: string[]) => run.steps.find((s) => statuses.includes(s.status));
  return (
    by('waiting') ??
    by('running') ??
    by('failed', 'gate_failed') ??
    [...run.steps].reverse().find((s) => s.status !== 'pending' && s.status !== 'skipped') ??
    run.steps[0]
  );
}

function StepGraph({ run, selected, now, onSelect }: { run: PipelineRunRecord; selected: string | null; now: number; onSelect(name: string): void }) {
  return (
    <ol className="step-graph" aria-label="Steps" data-testid="step-graph">
      {run.steps.map((s) => (
        <li key={s.name}>
          <button
            type="button"
            className="step-box"
            data-status={s.status}
            data-testid={`step-${s.name}`}
            aria-pressed={s.name === selected}
            onClick={() => onSelect(s.name)}
          >
            <span className="step-name">{s.name}</span>
            <PipelineStatus status={s.status} />
            <span className="step-time muted">{formatDuration(stepDuration(s, now))}</span>
          </button>
        </li>
      ))}
    </ol>
  );
}

function StepDetail({ step, now }: { step: PipelineStepRecord; now: number }) {
  const datasetIds = usePipelines((s) => s.datasetIds);
  const links = stepLinks(step, datasetIds);
  const rows = outputRows(step.outputs);
  const drift = driftColumns(step);
  return (
    <section className="card step-detail" aria-labelledby="step-detail-heading" data-testid="step-detail">
      <div className="card-header">
        <h2 id="step-detail-heading">
          {step.name} <span className="muted">({step.type})</span>
        </h2>
        <PipelineStatus status={step.status} testId="step-detail-status" />
        <span className="muted">{formatDuration(stepDuration(step, now))}</span>
      </div>
      {step.error && (
        <p className="field-error" data-testid="step-error">
          {step.error}
        </p>
      )}
      {links.length > 0 && (
        <ul className="step-links" data-testid="step-links">
          {links.map((l) => (
            <li key={l.href + l.label}>
              <a href={l.href}>{l.label}</a>
            </li>
          ))}
        </ul>
      )}
      <h3>Log</h3>
      <pre className="step-log" tabIndex={0} role="region" aria-label={`Log of ${step.name}`} data-testid="step-log">
        {step.log.length ? step.log.join('\n') : 'Nothing logged yet.'}
      </pre>
      {rows.length > 0 && (
        <>
          <h3>Outputs</h3>
          <div className="table-scroll" tabIndex={0} role="region" aria-label={`Outputs of ${step.name}`}>
            <table className="data-table step-outputs" data-testid="step-outputs">
              <tbody>
                {rows.map(([k, v]) => (
                  <tr key={k}>
                    <th scope="row">{k}</th>
                    <td className="mono">{v}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {drift && (
        <>
          <h3>Drift report</h3>
          <div className="table-scroll" tabIndex={0} role="region" aria-label="Drift of each column">
            <table className="data-table" data-testid="drift-report">
              <thead>
                <tr>
                  <th>Column</th>
                  <th>Test</th>
                  <th className="num">Score</th>
                  <th className="num">Threshold</th>
                  <th>Drifted</th>
                </tr>
              </thead>
              <tbody>
                {drift.map((c) => (
                  <tr key={c.name}>
                    <td>{c.name}</td>
                    <td>{c.test}</td>
                    <td className="num">{c.score === null ? '—' : c.score.toFixed(4)}</td>
                    <td className="num">{c.threshold === null ? '—' : c.threshold}</td>
                    <td>{c.drifted ? 'yes' : 'no'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

function ApprovalForm({ run }: { run: PipelineRunRecord }) {
  const decide = usePipelines((s) => s.decide);
  const settings = useSettings((s) => s.settings);
  const loadSettings = useSettings((s) => s.load);
  const [reason, setReason] = useState('');
  const [by, setBy] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!settings) void loadSettings();
  }, [settings, loadSettings]);

  const submit = async (verb: 'approve' | 'reject', e?: FormEvent) => {
    e?.preventDefault();
    if (reason.trim() === '') {
      setError('Say why: the reason is kept with the run and the alias history.');
      return;
    }
    setBusy(true);
    setError(await decide(verb, { id: run.id, reason: reason.trim(), ...(by.trim() ? { by: by.trim() } : {}) }));
    setBusy(false);
  };
  return (
    <form className="card approval-form" data-testid="approval-form" aria-labelledby="approval-heading" onSubmit={(e) => void submit('approve', e)}>
      <h2 id="approval-heading">Waiting for your decision</h2>
      <p className="muted">Approve makes the challenger champion and runs the steps after this one; reject keeps the champion.</p>
      <div className="form-grid">
        <div className="field field-wide">
          <label htmlFor="approval-reason">Reason (required)</label>
          <textarea id="approval-reason" data-testid="approval-reason" required rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="approval-by">Your name (optional)</label>
          <input
            id="approval-by"
            data-testid="approval-by"
            placeholder={settings?.labelerName || 'Settings › labeler name'}
            value={by}
            onChange={(e) => setBy(e.target.value)}
          />
        </div>
      </div>
      {error && (
        <p className="field-error" role="alert" data-testid="approval-error">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" data-testid="approve-run" disabled={busy}>
          Approve
        </button>
        <button type="button" className="btn" data-testid="reject-run" disabled={busy} onClick={() => void submit('reject')}>
          Reject
        </button>
      </div>
    </form>
  );
}
