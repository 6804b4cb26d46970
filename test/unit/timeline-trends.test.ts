import { describe, expect, it } from 'vitest';
import { band } from '../alert-band';
import type { TimelineChunk, TimelineSeries } from '../../shared/api/calls/monitoring';
import { timelineTrends } from '../../electron/core/monitoring/trends';

/** Chunks carrying only what the classification reads: the series values and column scores. */
function chunks(values: Partial<Record<TimelineSeries, number>>[], columns: Record<string, number>[]): TimelineChunk[] {
  return values.map((v, index) => ({ index, values: v, columns: columns[index] }) as TimelineChunk);
}

describe('timeline trends', () => {
  const fourteen = Object.fromEntries(Array.from({ length: 14 }, (_, i) => [`c${i}`, 0.01]));

  it('a drift share of 14 columns flickering by one column in one chunk is no change; a step of half the columns is sudden', () => {
    const flicker = [0, 0, 0, 1 / 14, 0, 0, 0, 0, 0, 0].map((s) => ({ drift_share: s }));
    const step = [0, 0, 0, 0, 0, 0, 7 / 14, 7 / 14, 7 / 14, 7 / 14].map((s) => ({ drift_share: s }));
    const cols = new Array(10).fill(fourteen);
    const bands = { drift_share: band(0, 0) };
    expect(timelineTrends(chunks(flicker, cols), ['drift_share'], bands, {}).trends.drift_share!.kind).toBe('none');
    const sudden = timelineTrends(chunks(step, cols), ['drift_share'], bands, {}).trends.drift_share!;
    expect(sudden).toMatchObject({ kind: 'sudden', change: { index: 6, before: 0, after: 0.5 } });
  });

  it('judges a series against its spread over the reference chunks: a step within it is no change point', () => {
    const acc = [0.85, 0.85, 0.85, 0.85, 0.85, 0.83, 0.83, 0.83, 0.83, 0.83].map((a) => ({ accuracy: a }));
    const cols = new Array(10).fill({});
    expect(timelineTrends(chunks(acc, cols), ['accuracy'], { accuracy: band(0.85, 0.0001) }, {}).trends.accuracy!.kind).toBe('sudden');
    // (Mann-Kendall, which reads only the order, still finds the noiseless values falling.)
    const wide = timelineTrends(chunks(acc, cols), ['accuracy'], { accuracy: band(0.85, 0.02) }, {}).trends.accuracy!;
    expect(wide.kind).toBe('gradual');
    expect(wide.changePoints).toEqual([]);
  });

  it('classifies every column with a band, and leaves out series no chunk has', () => {
    const ramp = Array.from({ length: 10 }, (_, i) => ({ age: 0.02 + 0.07 * i + (i % 2 ? 0.004 : -0.004), hours: 0.05 }));
    const r = timelineTrends(
      chunks(new Array(10).fill({ drift_share: 0 }), ramp),
      ['drift_share', 'realized_value'],
      {},
      { age: band(0.02, 0.01), hours: band(0.05, 0.01) },
    );
    expect(Object.keys(r.trends)).toEqual(['drift_share']);
    expect(r.columnTrends.age).toMatchObject({ kind: 'gradual', trend: { s: 45 } });
    expect(r.columnTrends.age.trend!.slope).toBeCloseTo(0.07, 2);
    expect(r.columnTrends.hours.kind).toBe('none');
  });
});
