import { type FormEvent } from 'react';
import { useResyncedLoad } from '../../api/useResyncedLoad';
import { EmptyState, ErrorNotice, Loading } from '../../components/Notice';
import { DriftColumnChart } from './DriftColumnChart';
import { DriftColumnsTable } from './DriftColumnsTable';
import { DriftVerdict } from './DriftVerdict';
import { CSV_CHOICE, pairProblem } from './driftRequest';
import { useDrift } from './driftStore';

export function DriftView() {
  const { versions, versionsLoaded, versionsError, reference, current, currentPath, share, report, running, error, loadVersions, set, run } = useDrift();

  useResyncedLoad(loadVersions);
  const problem = pairProblem({ versions, reference, current });

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void run();
  };

  return (
    <section className="view" data-testid="drift-view">
      <header className="view-header">
        <div>
          <h1>Drift</h1>
          <p className="muted">
            Drift of current data against a reference version, column by column (Evidently's default tests). Over time and with a model's accuracy:{' '}
            <a href="#/monitoring/timeline">Timeline</a>.
          </p>
        </div>
      </header>
      {versionsError && <ErrorNotice message={versionsError} onRetry={() => void loadVersions()} />}
      {!versionsLoaded && <Loading what="datasets" />}
      {versionsLoaded && versions.length === 0 && !versionsError && (
        <EmptyState title="No tabular datasets yet">
          <p>Import the data a model was trained on; it becomes the reference.</p>
          <a className="btn" href="#/datasets">
            Go to datasets
          </a>
        </EmptyState>
      )}
      {versions.length > 0 && (
        <form className="card drift-form" onSubmit={onSubmit}>
          <div className="form-grid">
            <div className="field">
              <label htmlFor="drift-reference">Reference</label>
              <select id="drift-reference" data-testid="drift-reference" value={reference} onChange={(e) => set({ reference: e.target.value })}>
                {versions.map((v) => (
                  <option key={v.key} value={v.key}>
                    {v.label} ({v.rows} rows)
                  </option>
                ))}
              </select>
              <span className="field-hint">Usually the data the model was trained on</span>
            </div>
            <div className="field">
              <label htmlFor="drift-current">Current</label>
              <select id="drift-current" data-testid="drift-current" value={current} onChange={(e) => set({ current: e.target.value })}>
                {versions.map((v) => (
                  <option key={v.key} value={v.key}>
                    {v.label} ({v.rows} rows)
                  </option>
                ))}
                <option value={CSV_CHOICE}>A CSV file…</option>
              </select>
            </div>
            {current === CSV_CHOICE && (
              <div className="field field-wide">
                <label htmlFor="drift-current-path">Current CSV path</label>
                <input
                  id="drift-current-path"
                  data-testid="drift-current-path"
                  value={currentPath}
                  autoFocus
                  placeholder="/data/scored/this-week.csv (read on the machine running Cairn)"
                  onChange={(e) => set({ currentPath: e.target.value })}
                />
              </div>
            )}
            <div className="field">
              <label htmlFor="drift-share">Share threshold</label>
              <input
                id="drift-share"
                data-testid="drift-share"
                type="number"
                step="0.05"
                min="0.05"
                max="1"
                value={share}
                onChange={(e) => set({ share: e.target.value })}
              />
              <span className="field-hint">The dataset drifts when this share of columns drifts</span>
            </div>
          </div>
          {error && (
            <p className="field-error" role="alert" data-testid="drift-error">
              {error}
            </p>
          )}
          {problem && !error && (
            <p className="field-hint" data-testid="drift-pair-problem">
              {problem}
            </p>
          )}
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" data-testid="run-drift" disabled={running || problem !== null} title={problem ?? undefined}>
              {running ? 'Testing…' : 'Run drift report'}
            </button>
          </div>
        </form>
      )}
      {report && (
        <>
          <DriftVerdict report={report} />
          <DriftColumnsTable columns={report.columns} />
          <div className="chart-grid drift-charts">
            {report.columns.map((c) => (
              <DriftColumnChart key={c.name} column={c} />
            ))}
          </div>
        </>
      )}
    </section>
  );
}
