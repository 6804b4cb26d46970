import type { RunDetail } from '../../../../shared/domain';
import { formatDuration, formatParam, formatTimestamp, runDuration } from '../../lib/format';
import { routeHref } from '../../lib/route';
import { computeCost } from '../../../../shared/settings';
import { useEffect } from 'react';
import { useSettings } from '../settings/settingsStore';

/** The facts of a run: where it ran, on what data, with which settings. */
export function RunInfo({ run, now }: { run: RunDetail; now: number }) {
  const engine = run.engineInfo;
  const settings = useSettings((s) => s.settings);
  useEffect(() => {
    if (!useSettings.getState().settings) void useSettings.getState().load();
  }, []);
  const duration = runDuration(run, now);
  const cpuSeconds = run.metrics['system/cpu_seconds']?.last;
  const peakMemoryMb = run.metrics['system/peak_memory_mb']?.max;
  return (
    <div className="info-grid">
      <section className="card">
        <h2>Run</h2>
        <dl className="facts">
          <dt>Experiment</dt>
          <dd>
            <a href={routeHref({ name: 'runs', experimentId: run.experimentId })}>{run.experimentName}</a>
          </dd>
          <dt>Dataset</dt>
          <dd>{run.datasetName ? `${run.datasetName}@${run.datasetVersion ?? '?'}` : '—'}</dd>
          <dt>Model</dt>
          <dd>{run.modelType}</dd>
          <dt>Seed</dt>
          <dd>{run.seed}</dd>
          <dt>Created</dt>
          <dd>{formatTimestamp(run.createdAt, now)}</dd>
          <dt>Started</dt>
          <dd>{formatTimestamp(run.startedAt, now)}</dd>
          <dt>Duration</dt>
          <dd>{formatDuration(duration)}</dd>
          {cpuSeconds !== undefined && (
            <>
              <dt>Compute time</dt>
              <dd data-testid="compute-time">{formatDuration(cpuSeconds * 1000)} CPU</dd>
            </>
          )}
          {peakMemoryMb !== undefined && (
            <>
              <dt>Peak memory</dt>
              <dd data-testid="peak-memory">{Math.round(peakMemoryMb).toLocaleString()} MB (worker)</dd>
            </>
          )}
          {settings && settings.pricePerHour > 0 && duration !== null && (
            <>
              <dt>Estimated cost</dt>
              <dd data-testid="run-cost">
                {computeCost(duration, settings).toFixed(4)} {settings.currency}
              </dd>
            </>
          )}
          {run.checkpointEpoch !== null && (
            <>
              <dt>Checkpoint</dt>
              <dd>after epoch {run.checkpointEpoch}</dd>
            </>
          )}
          {run.nonFiniteMetrics && (
            <>
              <dt>Non-finite values</dt>
              <dd data-testid="nonfinite-note">
                {Object.entries(run.nonFiniteMetrics)
                  .map(([key, n]) => `${key}: ${n}`)
                  .join(', ')}{' '}
                <span className="muted">NaN or ±Infinity, kept (the MLflow API returns them) but left out of charts and best/last values</span>
              </dd>
            </>
          )}
          {run.classes.length > 0 && (
            <>
              <dt>Classes</dt>
              <dd className="wrap">{run.classes.join(', ')}</dd>
            </>
          )}
        </dl>
      </section>

      <section className="card" data-testid="engine-info">
        <h2>Engine</h2>
        {engine ? (
          <dl className="facts">
            <dt>Engine</dt>
            <dd>{engine.engine}</dd>
            <dt>Device</dt>
            <dd className={engine.device === 'gpu' ? 'device-gpu' : undefined}>{engine.device.toUpperCase()}</dd>
            <dt>Backend</dt>
            <dd>{engine.backend}</dd>
            {engine.adapter && (
              <>
                <dt>Adapter</dt>
                <dd data-testid="engine-adapter">
                  {[engine.adapter.vendor, engine.adapter.architecture, engine.adapter.description].filter(Boolean).join(' · ')}
                  {engine.adapter.software && ' (software: a CPU implementation of the GPU API)'}
                </dd>
              </>
            )}
            <dt>tfjs</dt>
            <dd>{engine.tfjsVersion}</dd>
            {engine.fallbacks.length > 0 && (
              <>
                <dt>Fallbacks</dt>
                <dd>
                  <ul className="plain-list">
                    {engine.fallbacks.map((f) => (
                      <li key={f}>{f}</li>
                    ))}
                  </ul>
                </dd>
              </>
            )}
          </dl>
        ) : (
          <p className="muted">{run.engine ? `${run.engine} · ${(run.device ?? '?').toUpperCase()}` : 'Not known until the worker starts.'}</p>
        )}
      </section>

      {run.inputs.length > 0 && (
        <section className="card" data-testid="run-inputs">
          <h2>Datasets logged</h2>
          {run.inputs.map((d) => (
            <dl className="facts" key={`${d.name}@${d.digest}`}>
              <dt>Dataset</dt>
              <dd>
                {d.name} <span className="muted">digest {d.digest}</span>
                {d.context && <span className="chip">{d.context}</span>}
              </dd>
              <dt>Source</dt>
              <dd className="wrap">
                {d.sourceType}: {d.source}
              </dd>
              {d.schema && (
                <>
                  <dt>Schema</dt>
                  <dd className="wrap">
                    <code>{d.schema}</code>
                  </dd>
                </>
              )}
            </dl>
          ))}
        </section>
      )}

      <section className="card">
        <h2>Params</h2>
        <dl className="facts" data-testid="run-params">
          {Object.entries(run.params).map(([name, value]) => (
            <div key={name} className="fact">
              <dt>{name}</dt>
              <dd>{formatParam(value)}</dd>
            </div>
          ))}
        </dl>
      </section>
    </div>
  );
}
