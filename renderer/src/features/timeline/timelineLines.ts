import type { AlertBand, TimelineResult, TimelineSeries } from '../../../../shared/api/calls/monitoring';
import type { ChartLine } from '../../components/LineChart';

/**
 * A series across chunks (x = chunk index) with its alert band, mean ± 3 std of the reference
 * chunks, shaded between a lower and an upper edge; the edge that alerts is dashed.
 */
export function seriesLines(t: TimelineResult, series: TimelineSeries, label: string, color: string): ChartLine[] {
  const steps: number[] = [];
  const values: number[] = [];
  for (const c of t.chunks) {
    const v = c.values[series];
    if (v === undefined || v === null || !Number.isFinite(v)) continue;
    steps.push(c.index);
    values.push(v);
  }
  const lines: ChartLine[] = [{ id: series, label, color, steps, values }];
  const band: AlertBand | undefined = t.bands[series];
  if (band && steps.length && Number.isFinite(band.lower) && Number.isFinite(band.upper)) {
    const xs = [t.chunks[0].index, t.chunks[t.chunks.length - 1].index];
    lines.push(
      { id: `${series}-lower`, label: `${label} lower band`, color, steps: xs, values: [band.lower, band.lower], band: true, dashed: band.alertWhen !== 'above' },
      { id: `${series}-upper`, label: `${label} upper band`, color, steps: xs, values: [band.upper, band.upper], band: true, dashed: band.alertWhen !== 'below', fillToPrevious: true },
    );
  }
  return lines;
}

/** The timeline asks for a retrain when any chunk left its bands. */
export function needsRetrain(t: TimelineResult): boolean {
  return t.chunks.some((c) => c.flagged);
}
