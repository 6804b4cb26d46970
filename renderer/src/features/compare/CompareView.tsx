import { useEffect, useMemo } from 'react';
import type { RunDetail } from '../../../../shared/domain';
import { useConnection } from '../../api/connection';
import { LineChart, type ChartLine } from '../../components/LineChart';
import { EmptyState, ErrorNotice, Loading } from '../../components/Notice';
import { StatusBadge } from '../../components/StatusBadge';
import { colorFor } from '../../lib/colors';
import { formatMetric } from '../../lib/format';
import { routeHref } from '../../lib/route';
import type { CurvesByKey } from '../../lib/series';
import { ParamsTable } from './ParamsTable';
import { useCompare } from './compareStore';

const KEY_ORDER = ['loss', 'accuracy', 'val_loss', 'val_accuracy'];

export function CompareView({ runIds }: { runIds: string[] }) {
  const { runs, curves, missing, loading, error, onlyDifferences, load, setOnlyDifferences } = useCompare();
  const resyncs = useConnection((s) => s.resyncs);
  const idsKey = runIds.join(',');

  useEffect(() => {
    void load(idsKey ? idsKey.split(',') : []);
  }, [idsKey, load, resyncs]);

  const colors = runs.map((_, i) => colorFor(i));
  const keys = useMemo(() => metricKeys(curves), [curves]);

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
              </li>
            ))}
          </ul>
        </div>
      </header>
      {error && <ErrorNotice message={error} onRetry={() => void load(runIds)} />}
      {missing.length > 0 && <ErrorNotice message={`Not found: ${missing.join(', ')}`} />}

      <div className="chart-grid">
        {keys.map((key) => (
          <MetricChart key={key} metricKey={key} runs={runs} curves={curves} colors={colors} />
        ))}
        {keys.length === 0 && !loading && <p className="muted">None of these runs has logged an epoch yet.</p>}
      </div>

      <FinalMetrics runs={runs} colors={colors} keys={keys} />
      <ParamsTable runs={runs} colors={colors} onlyDifferences={onlyDifferences} onToggle={setOnlyDifferences} />
    </section>
  );
}

function MetricChart({ metricKey, runs, curves, colors }: { metricKey: string; runs: RunDetail[]; curves: Record<string, CurvesByKey>; colors: string[] }) {
  const lines: ChartLine[] = runs.map((run, i) => {
    const curve = curves[run.id]?.[metricKey];
    return { id: run.id, label: run.name || run.id, color: colors[i], steps: curve?.steps ?? EMPTY, values: curve?.values ?? EMPTY };
  });
  return <LineChart title={metricKey} testId={`chart-${metricKey}`} lines={lines} xLabel="epoch" />;
}

const EMPTY: number[] = [];

function FinalMetrics({ runs, colors, keys }: { runs: RunDetail[]; colors: string[]; keys: string[] }) {
  if (keys.length === 0) return null;
  return (
    <section className="card">
      <h2>Final metrics</h2>
      <div className="table-scroll">
        <table className="data-table" data-testid="final-metrics-table">
          <thead>
            <tr>
              <th>Run</th>
              {keys.map((k) => (
                <th key={k} className="num">
                  {k}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {runs.map((run, i) => (
              <tr key={run.id}>
                <th scope="row">
                  <span className="swatch" style={{ background: colors[i] }} />
                  {run.name || run.id}
                </th>
                {keys.map((k) => (
                  <td key={k} className="num">
                    {formatMetric(run.metrics[k]?.last)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function metricKeys(curves: Record<string, CurvesByKey>): string[] {
  const keys = new Set<string>();
  for (const byKey of Object.values(curves)) for (const k of Object.keys(byKey)) keys.add(k);
  const rank = (k: string) => {
    const i = KEY_ORDER.indexOf(k);
    return i < 0 ? KEY_ORDER.length : i;
  };
  return [...keys].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}
