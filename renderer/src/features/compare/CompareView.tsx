import { useEffect, useMemo } from 'react';
import type { RunDetail } from '../../../../shared/domain';
import { useConnection } from '../../api/connection';
import { EmptyState, ErrorNotice, Loading } from '../../components/Notice';
import { StatusBadge } from '../../components/StatusBadge';
import { colorFor } from '../../lib/colors';
import { formatMetric } from '../../lib/format';
import { routeHref } from '../../lib/route';
import { isModelKey, isSystemKey, orderMetricKeys, type CurvesByKey } from '../../lib/series';
import { paramRows } from '../../lib/params';
import { runStartTimes, type XAxis } from './chartLines';
import { LastValuesTable } from './LastValuesTable';
import { ParallelCoords } from './ParallelCoords';
import { ParamsTable } from './ParamsTable';
import { numericFields, pick } from './runFields';
import { MetricChart } from './MetricChart';
import { ScatterPlot } from './ScatterPlot';
import { CompareSystem } from './CompareSystem';
import { useCompare, type CompareViewOptions } from './compareStore';
import { OriginChip } from '../../components/OriginChip';

export function CompareView({ runIds }: { runIds: string[] }) {
  const { runs, curves, missing, loading, error, onlyDifferences, view, load, setOnlyDifferences, setView } = useCompare();
  const resyncs = useConnection((s) => s.resyncs);
  const idsKey = runIds.join(',');

  useEffect(() => {
    void load(idsKey ? idsKey.split(',') : []);
  }, [idsKey, load, resyncs]);

  const colors = useMemo(() => runs.map((_, i) => colorFor(i)), [runs]);
  const keys = useMemo(() => metricKeys(curves), [curves]);
  const modelKeys = keys.filter(isModelKey);
  const systemKeys = keys.filter(isSystemKey);
  const t0 = useMemo(() => runStartTimes(curves), [curves]);
  const groupable = useMemo(
    () =>
      paramRows(runs.map((r) => r.params))
        .filter((r) => r.differs)
        .map((r) => r.name),
    [runs],
  );
  const fields = useMemo(() => numericFields(runs), [runs]);
  const metrics = fields.filter((f) => f.startsWith('metrics.'));
  const scatterX = pick(view.scatterX, fields, ['params.learningRate']);
  const scatterY = pick(view.scatterY, fields, ['metrics.val_accuracy', 'metrics.accuracy', 'metrics.loss']);
  const parallelMetric = pick(view.parallelMetric, metrics, ['metrics.val_accuracy', 'metrics.accuracy', 'metrics.loss']);
  const groupBy = groupable.includes(view.groupBy) ? view.groupBy : '';
  const lineOptions = useMemo(() => ({ xAxis: view.xAxis, smoothing: view.smoothing, groupBy }), [view.xAxis, view.smoothing, groupBy]);

  if (runIds.length < 2) {
    return (
      <section className="view" data-testid="compare-view">
        <EmptyState title="Pick runs to compare">
          <p>Select two or more runs in a runs table and press Compare.</p>
          <a className="btn" href="#/experiments">
            Go to runs
          </a>
        </EmptyState>
      </section>
    );
  }
  if (loading && runs.length === 0) {
    return (
      <section className="view" data-testid="compare-view">
        <Loading what="runs" />
      </section>
    );
  }

  return (
    <section className="view" data-testid="compare-view">
      <header className="view-header">
        <div>
          <h1>Compare {runs.length} runs</h1>
          <ul className="run-legend">
            {runs.map((run, i) => (
              <li key={run.id}>
                <span className="swatch" style={{ background: colors[i] }} />
                <a href={routeHref({ name: 'run', runId: run.id })}>{run.name || run.id}</a>
                <StatusBadge status={run.status} />
                <OriginChip origin={run.origin} />
              </li>
            ))}
          </ul>
        </div>
      </header>
      {error && <ErrorNotice message={error} onRetry={() => void load(runIds)} />}
      {missing.length > 0 && <ErrorNotice message={`Not found: ${missing.join(', ')}`} />}

      <CurveControls view={view} groupable={groupable} onChange={setView} />
      <div className="chart-grid">
        {modelKeys.map((key) => (
          <MetricChart
            key={key}
            metricKey={key}
            runs={runs}
            curves={curves}
            colors={colors}
            t0={t0}
            options={lineOptions}
            logY={view.logY}
            resetZoomKey={view.resetZoom}
          />
        ))}
        {modelKeys.length === 0 && !loading && <p className="muted">None of these runs has logged an epoch yet.</p>}
      </div>
      <CompareSystem
        keys={systemKeys}
        runs={runs}
        curves={curves}
        colors={colors}
        t0={t0}
        options={lineOptions}
        logY={view.logY}
        resetZoomKey={view.resetZoom}
      />

      {fields.length > 0 && (
        <section className="card">
          <div className="card-header">
            <h2>Runs side by side</h2>
            <div className="actions">
              <FieldSelect label="x" testId="scatter-x" value={scatterX} fields={fields} onChange={(f) => setView({ scatterX: f })} />
              <FieldSelect label="y" testId="scatter-y" value={scatterY} fields={fields} onChange={(f) => setView({ scatterY: f })} />
              <FieldSelect label="color by" testId="parallel-metric" value={parallelMetric} fields={metrics} onChange={(f) => setView({ parallelMetric: f })} />
            </div>
          </div>
          <div className="side-by-side">
            <ScatterPlot runs={runs} colors={colors} xField={scatterX} yField={scatterY} />
            {parallelMetric && <ParallelCoords runs={runs} metric={parallelMetric} />}
          </div>
        </section>
      )}

      <FinalMetrics runs={runs} colors={colors} keys={modelKeys} />
      <ParamsTable runs={runs} colors={colors} onlyDifferences={onlyDifferences} onToggle={setOnlyDifferences} />
    </section>
  );
}

/** How the curves are drawn: x axis, y scale, smoothing, grouping, zoom reset. */
function CurveControls({ view, groupable, onChange }: { view: CompareViewOptions; groupable: string[]; onChange(patch: Partial<CompareViewOptions>): void }) {
  return (
    <div className="curve-controls" role="toolbar" aria-label="Chart options">
      <label>
        x axis
        <select data-testid="x-axis-select" value={view.xAxis} onChange={(e) => onChange({ xAxis: e.target.value as XAxis })}>
          <option value="step">step / epoch</option>
          <option value="time">wall time (s)</option>
        </select>
      </label>
      <label className="toggle">
        <input type="checkbox" data-testid="log-scale" checked={view.logY} onChange={(e) => onChange({ logY: e.target.checked })} />
        log y
      </label>
      <label title="Exponential moving average, debiased like TensorBoard's">
        smoothing
        <input
          type="range"
          data-testid="smoothing"
          min={0}
          max={0.99}
          step={0.01}
          value={view.smoothing}
          onChange={(e) => onChange({ smoothing: Number(e.target.value) })}
        />
        <span className="mono smoothing-value">{view.smoothing.toFixed(2)}</span>
      </label>
      <label>
        group by
        <select data-testid="group-by" value={view.groupBy} onChange={(e) => onChange({ groupBy: e.target.value })}>
          <option value="">none (one line per run)</option>
          {groupable.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="btn btn-small" data-testid="reset-zoom" onClick={() => onChange({ resetZoom: view.resetZoom + 1 })}>
        Reset zoom
      </button>
    </div>
  );
}

function FieldSelect({
  label,
  testId,
  value,
  fields,
  onChange,
}: {
  label: string;
  testId: string;
  value: string;
  fields: string[];
  onChange(field: string): void;
}) {
  return (
    <label className="field-select">
      {label}
      <select data-testid={testId} value={value} onChange={(e) => onChange(e.target.value)}>
        {fields.map((f) => (
          <option key={f} value={f}>
            {f}
          </option>
        ))}
      </select>
    </label>
  );
}

function FinalMetrics({ runs, colors, keys }: { runs: RunDetail[]; colors: string[]; keys: string[] }) {
  if (keys.length === 0) return null;
  return (
    <section className="card">
      <h2>Final metrics</h2>
      <LastValuesTable runs={runs} colors={colors} keys={keys} testId="final-metrics-table" label={(k) => k} format={(_, v) => formatMetric(v)} />
    </section>
  );
}

function metricKeys(curves: Record<string, CurvesByKey>): string[] {
  const keys = new Set<string>();
  for (const byKey of Object.values(curves)) for (const k of Object.keys(byKey)) keys.add(k);
  return orderMetricKeys(keys);
}
