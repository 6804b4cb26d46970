import { Collapsible } from '../../components/Collapsible';
import { splitSystemKeys, formatSystemValue, systemLabel } from '../../lib/systemMetrics';
import { LastValuesTable } from './LastValuesTable';
import { MetricChart, type MetricChartProps } from './MetricChart';

/** The runs' CPU, memory and GPU use, folded away below the model's curves: elapsed-time charts, then each run's totals. */
export function CompareSystem({ keys, ...chart }: Omit<MetricChartProps, 'metricKey'> & { keys: string[] }) {
  const { runs, curves, colors } = chart;
  const { charted, single } = splitSystemKeys(keys, (k) => Math.max(0, ...runs.map((r) => curves[r.id]?.[k]?.steps.length ?? 0)));
  if (charted.length + single.length === 0) return null;
  return (
    <Collapsible title="System" testId="system-section" summary={`${charted.length} charts on elapsed time`}>
      {single.length > 0 && (
        <LastValuesTable runs={runs} colors={colors} keys={single} testId="system-totals-table" label={systemLabel} format={formatSystemValue} />
      )}
      <div className="chart-grid">
        {charted.map((k) => (
          <MetricChart key={k} metricKey={k} title={systemLabel(k)} {...chart} />
        ))}
      </div>
    </Collapsible>
  );
}
