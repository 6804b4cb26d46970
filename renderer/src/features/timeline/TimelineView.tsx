import { useEffect, useState, type FormEvent } from 'react';
import { LineChart } from '../../components/LineChart';
import { ModelPicker } from '../../components/ModelPicker';
import type { ModelChoice } from '../../lib/modelChoices';
import { routeHref } from '../../lib/route';
import { useDatasets } from '../datasets/datasetsStore';
import { AlertGroups } from './AlertGroups';
import { changeMarkers, columnChanges, needsRetrain, seriesLines, trendNotes } from './timelineLines';
import { useTimeline } from './timelineStore';

/** Value of each outcome of a binary model, for the business value per 1,000 predictions. */
const OUTCOMES = [
  ['tp', 'True positive'],
  ['fp', 'False positive'],
  ['tn', 'True negative'],
  ['fn', 'False negative'],
] as const;
type OutcomeKey = (typeof OUTCOMES)[number][0];

function TrendNotes({ notes }: { notes: ReturnType<typeof trendNotes> }) {
  return (
    <>
      {notes.map((n) => (
        <p key={n.series} data-testid={`trend-${n.series}`} data-kind={n.kind}>
          {n.text}
        </p>
      ))}
    </>
  );
}

/** Columns whose drift score changed, sudden or gradual, with how. */
function ColumnChanges({ changes }: { changes: ReturnType<typeof columnChanges> }) {
  return (
    <div className="card" data-testid="timeline-column-changes">
      <h2>Columns that changed over the chunks</h2>
      {changes.length === 0 ? (
        <p className="muted">No column's drift score shifted or trended.</p>
      ) : (
        <ul>
          {changes.map((c) => (
            <li key={c.column} data-testid={`column-change-${c.column}`} data-kind={c.kind}>
              <span className="mono">{c.column}</span> {c.text}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Monitoring over time: drift and performance per chunk with alert bands, and the retrain action. */
export function TimelineView() {
  const { result, retrained, busy, error, run, retrain, runId: canRetrain } = useTimeline();
  const datasets = useDatasets((s) => s.datasets);
  const [model, setModel] = useState<ModelChoice | null>(null);
  const [current, setCurrent] = useState('');
  const [chunks, setChunks] = useState('10');
  const [timestamp, setTimestamp] = useState('');
  const [period, setPeriod] = useState<'' | 'day' | 'week' | 'month'>('');
  const [values, setValues] = useState<Record<OutcomeKey, string>>({ tp: '', fp: '', tn: '', fn: '' });
  const [outcomeColumn, setOutcomeColumn] = useState('');
  const [idColumn, setIdColumn] = useState('');

  useEffect(() => {
    void useDatasets.getState().load();
  }, []);

  // Why "Show timeline" can't run yet, shown beside the disabled button.
  const missing = !model ? 'Choose a model' : !current.trim() ? 'Choose the current data' : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!model || missing) return;
    const ds = datasets.find((d) => d.name === current);
    const currentRef = ds ? { datasetId: ds.id } : { path: current.trim() };
    void run(model.runId, {
      model: model.ref,
      current: currentRef,
      ...(timestamp.trim() ? { timestamp: timestamp.trim(), ...(period ? { period } : {}) } : {}),
      ...(!period && chunks ? { chunks: Number(chunks) } : {}),
      // Any value given values the outcomes; the ones left empty are worth 0.
      ...(OUTCOMES.some(([k]) => values[k].trim())
        ? { values: { tp: Number(values.tp || 0), fp: Number(values.fp || 0), tn: Number(values.tn || 0), fn: Number(values.fn || 0) } }
        : {}),
      ...(outcomeColumn.trim() ? { outcomeColumn: outcomeColumn.trim() } : {}),
      ...(idColumn.trim() ? { idColumn: idColumn.trim() } : {}),
    });
  };

  return (
    <section className="view">
      <header className="view-header">
        <div>
          <h1>Monitoring timeline</h1>
          <p className="muted">
            New data in chunks: drift, prediction drift, realized and estimated accuracy, each against bands (mean ± 3 std) from reference chunks.
          </p>
        </div>
      </header>
      <form className="card form-grid" data-testid="timeline-form" onSubmit={submit}>
        <div className="field">
          <label htmlFor="timeline-model">Model</label>
          <ModelPicker id="timeline-model" testId="timeline-model" value={model?.ref ?? ''} onChange={setModel} />
        </div>
        <div className="field field-wide">
          <label htmlFor="timeline-current">Current data: a dataset name or a CSV path</label>
          <input
            id="timeline-current"
            data-testid="timeline-current"
            list="timeline-datasets"
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
            required
          />
          <datalist id="timeline-datasets">
            {datasets.map((d) => (
              <option key={d.id} value={d.name} />
            ))}
          </datalist>
        </div>
        <div className="field">
          <label htmlFor="timeline-chunks">Chunks</label>
          <input
            id="timeline-chunks"
            data-testid="timeline-chunks"
            type="number"
            min="1"
            max="1000"
            value={chunks}
            onChange={(e) => setChunks(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="timeline-timestamp">Timestamp column (optional)</label>
          <input id="timeline-timestamp" value={timestamp} onChange={(e) => setTimestamp(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="timeline-period">Group by</label>
          <select id="timeline-period" value={period} onChange={(e) => setPeriod(e.target.value as typeof period)}>
            <option value="">chunks of equal size</option>
            <option value="day">day</option>
            <option value="week">week</option>
            <option value="month">month</option>
          </select>
        </div>
        {OUTCOMES.map(([k, label]) => (
          <div className="field" key={k}>
            <label htmlFor={`timeline-value-${k}`}>{label} value</label>
            <input
              id={`timeline-value-${k}`}
              data-testid={`timeline-value-${k}`}
              type="number"
              step="any"
              placeholder="0"
              value={values[k]}
              onChange={(e) => setValues({ ...values, [k]: e.target.value })}
            />
          </div>
        ))}
        <div className="field">
          <label htmlFor="timeline-outcome-column">Outcome column (default: the label)</label>
          <input id="timeline-outcome-column" data-testid="timeline-outcome-column" value={outcomeColumn} onChange={(e) => setOutcomeColumn(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="timeline-id-column">Or: id column, joined to logged outcomes</label>
          <input id="timeline-id-column" data-testid="timeline-id-column" value={idColumn} onChange={(e) => setIdColumn(e.target.value)} />
        </div>
        <div className="form-actions">
          {missing && (
            <span className="field-hint" data-testid="timeline-missing">
              {missing}
            </span>
          )}
          <button
            type="submit"
            className="btn btn-primary"
            data-testid="run-timeline"
            disabled={busy !== null || missing !== null}
            title={missing ?? undefined}
          >
            {busy === 'timeline' ? 'Computing…' : 'Show timeline'}
          </button>
        </div>
      </form>
      {error && (
        <p className="field-error" role="alert" data-testid="timeline-error">
          {error}
        </p>
      )}
      {result && (
        <>
          <div className={`card ${needsRetrain(result) ? 'card-error' : ''}`} data-testid="timeline-verdict" data-flagged={String(needsRetrain(result))}>
            <h2>{needsRetrain(result) ? 'Retraining recommended' : 'No chunk left its bands'}</h2>
            <p className="muted">
              {result.chunks.filter((c) => c.flagged).length} of {result.chunks.length} chunks flagged · reference {result.reference} in{' '}
              {result.referenceChunks} chunks of {result.referenceChunkSize} rows
              {result.calibrated ? ' · estimated accuracy calibrated on the reference' : ''}
            </p>
            <button
              type="button"
              className="btn btn-primary"
              data-testid="retrain"
              disabled={busy !== null || !canRetrain}
              title={canRetrain ? undefined : 'An imported model has no run to train again'}
              onClick={() => void retrain()}
            >
              {busy === 'retrain' ? 'Retraining…' : 'Retrain on new data'}
            </button>
          </div>
          {retrained && (
            <div className="card" data-testid="retrain-result" data-better={retrained.better}>
              <h2>Retrained</h2>
              <p>
                New run <a href={routeHref({ name: 'run', runId: retrained.runId })}>{retrained.runId.slice(0, 8)}</a> on {retrained.dataset.name}@
                {retrained.dataset.version} (+{retrained.dataset.addedRows} rows). On the {retrained.comparedRows} new rows the retrained model did not train
                on,{' '}
                {retrained.better === 'tie'
                  ? 'the two are as accurate'
                  : `the ${retrained.better} model is more accurate (${retrained.accuracyDelta >= 0 ? '+' : ''}${retrained.accuracyDelta.toFixed(4)})`}
                . On all the new data: current model accuracy {retrained.current.report.overall.accuracy.toFixed(4)}, retrained{' '}
                {retrained.retrained.report.overall.accuracy.toFixed(4)}
                {retrained.retrained.trainingOverlap
                  ? ` (evaluated on training data: ${retrained.retrained.trainingOverlap} of ${retrained.retrained.rows} rows)`
                  : ''}
                .
              </p>
              <a className="btn" href={routeHref({ name: 'compare', runIds: [retrained.previousRunId, retrained.runId] })}>
                Compare the two runs
              </a>
            </div>
          )}
          <div className="chart-grid">
            <LineChart
              title="Share of drifted columns"
              testId="timeline-drift"
              xLabel="chunk"
              lines={seriesLines(result, 'drift_share', 'drift share', '#f59e0b')}
              countLineIds={['drift_share']}
              markers={changeMarkers(result, ['drift_share'], '#ef4444')}
              notes={<TrendNotes notes={trendNotes(result, ['drift_share'])} />}
            />
            <LineChart
              title="Accuracy: realized and estimated (CBPE)"
              testId="timeline-accuracy"
              xLabel="chunk"
              lines={[
                ...seriesLines(result, 'accuracy', 'realized', '#22c55e'),
                ...seriesLines(result, 'estimated_accuracy', 'estimated', '#60a5fa').map((l) => (l.band ? l : { ...l, dashed: true })),
              ]}
              countLineIds={['accuracy', 'estimated_accuracy']}
              markers={changeMarkers(result, ['accuracy', 'estimated_accuracy'], '#ef4444')}
              notes={<TrendNotes notes={trendNotes(result, ['accuracy', 'estimated_accuracy'])} />}
            />
            {result.business && (
              <LineChart
                title={`Value per 1,000 predictions: realized (${result.business.source === 'logged' ? `outcomes logged by ${result.business.column}` : result.business.column}) and expected`}
                testId="timeline-value"
                xLabel="chunk"
                lines={[
                  ...seriesLines(result, 'realized_value', 'realized', '#a78bfa'),
                  ...seriesLines(result, 'expected_value', 'expected', '#2dd4bf').map((l) => (l.band ? l : { ...l, dashed: true })),
                ]}
                countLineIds={['realized_value', 'expected_value']}
                markers={changeMarkers(result, ['realized_value', 'expected_value'], '#ef4444')}
                notes={<TrendNotes notes={trendNotes(result, ['realized_value', 'expected_value'])} />}
              />
            )}
          </div>
          <ColumnChanges changes={columnChanges(result)} />
          <div className="table-scroll card" tabIndex={0}>
            <table className="data-table" data-testid="timeline-chunks-table">
              <thead>
                <tr>
                  <th>Chunk</th>
                  <th className="num">Rows</th>
                  <th className="num">Drift share</th>
                  <th className="num">Accuracy</th>
                  <th className="num">Estimated</th>
                  <th>Alerts</th>
                </tr>
              </thead>
              <tbody>
                {result.chunks.map((c) => (
                  <tr key={c.index} data-testid={`timeline-chunk-${c.index}`} data-flagged={String(c.flagged)} className={c.flagged ? 'row-alert' : undefined}>
                    <td className="mono">{c.key}</td>
                    <td className="num">{c.rows.toLocaleString()}</td>
                    <td className="num">{c.values.drift_share?.toFixed(3) ?? '—'}</td>
                    <td className="num">{c.realized ? c.realized.accuracy.toFixed(4) : '—'}</td>
                    <td className="num">{c.estimatedAccuracy.toFixed(4)}</td>
                    <td>
                      <AlertGroups groups={c.alertGroups} />
                    </td>
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
