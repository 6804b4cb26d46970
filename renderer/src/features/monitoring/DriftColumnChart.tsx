import { useMemo } from 'react';
import { BarOverlayChart, type BarSeries } from '../../components/BarOverlayChart';
import { overlayOf, type ColumnDriftResult } from '../../lib/drift';
import { RUN_COLORS } from '../../lib/colors';

/** Reference vs current for one column: histogram bins on shared edges, or category shares. */
export function DriftColumnChart({ column }: { column: ColumnDriftResult }) {
  const overlay = useMemo(() => overlayOf(column), [column]);
  const series = useMemo<BarSeries[]>(
    () =>
      overlay
        ? [
            { label: 'reference', color: RUN_COLORS[0], values: overlay.reference },
            { label: 'current', color: RUN_COLORS[1], values: overlay.current },
          ]
        : [],
    [overlay],
  );
  if (!overlay) return null;
  return (
    <div id={`drift-chart-${column.name}`} className={column.drifted ? 'drift-chart drifted' : 'drift-chart'}>
      <BarOverlayChart
        title={`${column.name}${column.drifted ? ' · drifted' : ''}`}
        testId={`drift-chart-${column.name}`}
        labels={overlay.labels}
        series={series}
        yLabel="share of rows"
        asPercent
        attrs={{ 'data-kind': overlay.kind, 'data-drifted': String(column.drifted) }}
      />
    </div>
  );
}
