import { useMemo } from 'react';
import type { RunDetail } from '../../../../shared/domain';
import { LineChart } from '../../components/LineChart';
import { isSystemKey, type CurvesByKey } from '../../lib/series';
import { metricLines, type LineOptions } from './chartLines';

export interface MetricChartProps {
  metricKey: string;
  runs: RunDetail[];
  curves: Record<string, CurvesByKey>;
  colors: string[];
  t0: Record<string, number>;
  options: LineOptions;
  logY: boolean;
  resetZoomKey: number;
}

export function MetricChart({ metricKey, runs, curves, colors, t0, options, logY, resetZoomKey, title }: MetricChartProps & { title?: string }) {
  // System samples are stepped in seconds of training: always an elapsed-time axis, whatever x the epochs use.
  const system = isSystemKey(metricKey);
  const opts = useMemo(() => (system ? { ...options, xAxis: 'step' as const } : options), [system, options]);
  // Memoized so LineChart sees the same arrays and skips redrawing when nothing changed.
  const { lines, countIds } = useMemo(() => metricLines(metricKey, runs, curves, colors, t0, opts), [metricKey, runs, curves, colors, t0, opts]);
  return (
    <LineChart
      title={title ?? metricKey}
      testId={`chart-${metricKey}`}
      lines={lines}
      countLineIds={countIds}
      xLabel={system ? 'elapsed' : options.xAxis === 'time' ? 'seconds' : 'epoch'}
      wallTime={system}
      logY={logY}
      zoomable
      resetZoomKey={resetZoomKey}
    />
  );
}
