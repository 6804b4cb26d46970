import type { RunDetail } from '../../../../shared/domain';
import { Collapsible } from '../../components/Collapsible';
import { splitSystemKeys, formatSystemValue, systemLabel } from '../../lib/systemMetrics';
import { MetricChart, type MetricChartProps } from './MetricChart';

/** The runs' CPU, memory and GPU use, folded away below the model's curves: elapsed-time charts, then each run's totals. */
export function CompareSystem({ keys, ...chart }: Omit<MetricChartProps, 'metricKey'> & { keys: string[] }) {
  const { runs, curves, colors } = chart;
  const { charted, single } = splitSystemKeys(keys, (k) => Math.max(0, ...runs.map((r) => curves[r.id]?.[k]?.steps.length ?? 0)));
  if (charted.length + single.length === 0) return null;
  return (
    <Collapsible title="System" testId="system-section" summary={`${charted.length} charts on elapsed time`}>
      {single.length > 0 && <SystemTotals runs={runs} colors={colors} keys={single} />}
      <div className="chart-grid">
        {charted.map((k) => (
          <MetricChart key={k} metricKey={k} title={systemLabel(k)} {...chart} />
        ))}
      </div>
    </Collapsible>
  );
}

function SystemTotals({ runs, colors, keys }: { runs: RunDetail[]; colors: string[]; keys: string[] }) {
  return (
    <div className="table-scroll">
      <table className="data-table" data-testid="system-totals-table">
        <thead>
          <tr>
            <th>Run</th>
            {keys.map((k) => (
              <th key={k} className="num">
                {systemLabel(k)}
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
                  {formatSystemValue(k, run.metrics[k]?.last)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
