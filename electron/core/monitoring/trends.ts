import type { AlertBand, TimelineChunk, TimelineSeries } from '../../../shared/api/calls/monitoring';
import { classifyDrift, type DriftClassification } from '../../../shared/stats';

/**
 * Each series and column score of a timeline classified as a sudden or gradual change, or none.
 * The noise each is judged against is at least its spread over the reference chunks (the band's
 * std): what the series does when nothing changes.
 */
export function timelineTrends(
  chunks: readonly TimelineChunk[],
  series: readonly TimelineSeries[],
  bands: Partial<Record<TimelineSeries, AlertBand>>,
  columnBands: Record<string, AlertBand>,
): { trends: Partial<Record<TimelineSeries, DriftClassification>>; columnTrends: Record<string, DriftClassification> } {
  const trends: Partial<Record<TimelineSeries, DriftClassification>> = {};
  for (const s of series) {
    const values = chunks.map((c) => c.values[s]);
    if (values.every((v) => v === undefined)) continue;
    let noise = finiteOr0(bands[s]?.std);
    // The share of m columns moves in steps of 1/m: one column flickering in a chunk is noise.
    if (s === 'drift_share') noise = Math.max(noise, 0.5 / chunks.reduce((m, c) => Math.max(m, Object.keys(c.columns).length), 1));
    trends[s] = classifyDrift(values, { noise });
  }
  const columnTrends: Record<string, DriftClassification> = {};
  for (const name of Object.keys(columnBands))
    columnTrends[name] = classifyDrift(
      chunks.map((c) => c.columns[name]),
      { noise: finiteOr0(columnBands[name].std) },
    );
  return { trends, columnTrends };
}

function finiteOr0(v: number | undefined): number {
  return v !== undefined && Number.isFinite(v) ? v : 0;
}
