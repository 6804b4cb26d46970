import { useMemo } from 'react';
import { Collapsible } from '../../components/Collapsible';
import { LineChart, type ChartLine } from '../../components/LineChart';
import type { CurvesByKey } from '../../lib/series';
import { formatSystemValue, splitSystemKeys, systemLabel } from '../../lib/systemMetrics';

const COLOR = '#8fd694';

/** What training cost the machine, folded away by default: charts against elapsed time, totals as values. */
export function SystemMetrics({ curves }: { curves: CurvesByKey }) {
  const { charted, single } = splitSystemKeys(Object.keys(curves), (k) => curves[k]?.steps.length ?? 0);
  if (charted.length + single.length === 0) return null;
  // Totals logged once (CPU and wall time) read as values on the title line, visible while folded.
  const summary = (
    <span data-testid="system-values">
      {single.map((k, i) => (
        <span key={k} data-key={k}>
          {i > 0 && ' · '}
          {systemLabel(k)} <strong>{formatSystemValue(k, curves[k].values.at(-1))}</strong>
        </span>
      ))}
      {single.length === 0 && `${charted.length} charts on elapsed time`}
    </span>
  );
  return (
    <Collapsible title="System" testId="system-section" summary={summary}>
      <div className="chart-grid">
        {charted.map((k) => (
          <SystemChart key={k} metricKey={k} curves={curves} />
        ))}
      </div>
    </Collapsible>
  );
}

function SystemChart({ metricKey, curves }: { metricKey: string; curves: CurvesByKey }) {
  const curve = curves[metricKey];
  // Steps of system keys count seconds of training (continued across a resume): elapsed time as is.
  const lines = useMemo<ChartLine[]>(
    () => [{ id: metricKey, label: systemLabel(metricKey), color: COLOR, steps: curve.steps, values: curve.values }],
    [metricKey, curve],
  );
  return <LineChart title={systemLabel(metricKey)} testId={`chart-${metricKey}`} lines={lines} xLabel="elapsed" wallTime />;
}
