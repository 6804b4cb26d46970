import type { AlertBand, TimelineResult, TimelineSeries } from '../../../../shared/api/calls/monitoring';
import { SERIES_LABELS, seriesUnit } from '../../../../shared/monitoring/series';
import { describeDrift, type DriftClassification } from '../../../../shared/stats/drift-kind';
import type { ChartLine, ChartMarker } from '../../components/LineChart';

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
      {
        id: `${series}-lower`,
        label: `${label} lower band`,
        color,
        steps: xs,
        values: [band.lower, band.lower],
        band: true,
        dashed: band.alertWhen !== 'above',
      },
      {
        id: `${series}-upper`,
        label: `${label} upper band`,
        color,
        steps: xs,
        values: [band.upper, band.upper],
        band: true,
        dashed: band.alertWhen !== 'below',
        fillToPrevious: true,
      },
    );
  }
  return lines;
}

/** The timeline asks for a retrain when any chunk left its bands. */
export function needsRetrain(t: TimelineResult): boolean {
  return t.chunks.some((c) => c.flagged);
}

/** A marker between the chunks either side of each series' largest sudden change. */
export function changeMarkers(t: TimelineResult, series: readonly TimelineSeries[], color: string): ChartMarker[] {
  return series.flatMap((s) => {
    const c = t.trends[s];
    return c?.kind === 'sudden' ? [{ x: c.change!.index - 0.5, label: `${SERIES_LABELS[s]}: ${describeDrift(c, seriesUnit(s))}`, color }] : [];
  });
}

/** What each series did, one line each: sudden, gradual, or no change. */
export function trendNotes(
  t: TimelineResult,
  series: readonly TimelineSeries[],
): { series: TimelineSeries; kind: DriftClassification['kind']; text: string }[] {
  return series.flatMap((s) => {
    const c = t.trends[s];
    return c ? [{ series: s, kind: c.kind, text: `${SERIES_LABELS[s]}: ${describeDrift(c, seriesUnit(s))}` }] : [];
  });
}

/** Feature columns whose drift score changed suddenly or gradually, the sudden first. */
export function columnChanges(t: TimelineResult): { column: string; kind: 'sudden' | 'gradual'; text: string }[] {
  return Object.entries(t.columnTrends)
    .filter((e): e is [string, DriftClassification & { kind: 'sudden' | 'gradual' }] => e[1].kind !== 'none')
    .sort((a, b) => (a[1].kind === b[1].kind ? a[0].localeCompare(b[0]) : a[1].kind === 'sudden' ? -1 : 1))
    .map(([column, c]) => ({ column, kind: c.kind, text: describeDrift(c, 'raw') }));
}
