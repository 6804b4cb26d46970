import { describe, expect, it } from 'vitest';
import { band } from '../alert-band';
import type { AlertBand, TimelineChunk, TimelineResult, TimelineSeries } from '../../shared/api/calls/monitoring';
import { monitorFindings } from '../../electron/core/pipelines/monitor-trigger';
import { timelineTrends } from '../../electron/core/monitoring/trends';

// monitorFindings on hand-made timelines: four chunks of the previous item, then those of the new.
// (prediction_score, not drift_share: a drift share without columns counts as steps of 1, all noise.)

function result(series: Partial<Record<TimelineSeries, number[]>>, bands: Partial<Record<TimelineSeries, AlertBand>>): TimelineResult {
  const n = Object.values(series)[0]!.length;
  const chunks: TimelineChunk[] = Array.from({ length: n }, (_, i) => {
    const values = Object.fromEntries(Object.entries(series).map(([k, v]) => [k, v[i]]));
    const alerts = (Object.keys(series) as TimelineSeries[]).filter((k) => {
      const b = bands[k]!;
      return b.alertWhen === 'below' ? values[k]! < b.lower : values[k]! > b.upper;
    });
    return {
      index: i,
      key: `[${i * 100}, ${i * 100 + 100})`,
      from: null,
      to: null,
      rows: 100,
      labelled: 100,
      values,
      columns: {},
      driftedColumns: [],
      datasetDrift: false,
      predictionDrift: false,
      realized: null,
      estimatedAccuracy: NaN,
      business: null,
      alerts,
      columnAlerts: [],
      alertGroups: [],
      flagged: alerts.length > 0,
    };
  });
  return { bands, columnBands: {}, chunks, ...timelineTrends(chunks, Object.keys(series) as TimelineSeries[], bands, {}) } as unknown as TimelineResult;
}

describe('monitor trigger findings', () => {
  it('a value drop in the new item is sudden, a value drop and an alert, at its first chunk', () => {
    const r = result({ realized_value: [500, 505, 495, 500, 200, 195, 205, 200] }, { realized_value: band(500, 5, 'below') });
    const f = monitorFindings(r, 400, ['value_drop']);
    expect(f.firstChunk).toBe(4);
    expect(f.findings.map((x) => [x.kind, x.series, x.chunk])).toEqual([
      ['sudden', 'realized_value', 4],
      ['value_drop', 'realized_value', 4],
      ['alert', 'realized_value', 4],
    ]);
    expect(f.findings[0].magnitude).toBeCloseTo(-300, 6);
    // 200 against a lower bound of 500 - 3·5
    expect(f.findings[1].magnitude).toBeCloseTo(-285, 6);
    expect(f.fired.map((x) => x.kind)).toEqual(['value_drop']);
  });

  it('a series settling back into its band, a blip of one chunk or a jump in the last fires nothing; two chunks out is sudden', () => {
    const back = result({ prediction_score: [0.6, 0.6, 0.6, 0.6, 0, 0, 0, 0] }, { prediction_score: band(0, 0.01, 'above') });
    expect(monitorFindings(back, 400, ['sudden', 'gradual', 'alert']).findings).toEqual([]);
    const blip = result({ prediction_score: [0, 0, 0, 0, 0, 0.6, 0, 0] }, { prediction_score: band(0, 0.01, 'above') });
    expect(monitorFindings(blip, 400, ['sudden', 'gradual']).fired).toEqual([]);
    expect(monitorFindings(blip, 400, ['alert']).fired).toEqual([{ kind: 'alert', series: 'prediction_score', chunk: 5 }]);
    const last = result({ prediction_score: [0, 0, 0, 0, 0, 0, 0, 0.6] }, { prediction_score: band(0, 0.01, 'above') });
    expect(monitorFindings(last, 400, ['sudden', 'gradual']).fired).toEqual([]);
    const held = result({ prediction_score: [0, 0, 0, 0, 0, 0, 0.6, 0.6] }, { prediction_score: band(0, 0.01, 'above') });
    expect(monitorFindings(held, 400, ['sudden']).fired).toEqual([{ kind: 'sudden', series: 'prediction_score', chunk: 6, magnitude: 0.6 }]);
  });

  it('a steady rise within the new item is gradual from the chunk its trend line leaves the band', () => {
    const r = result({ prediction_score: [0, 0, 0, 0, 0.01, 0.02, 0.04, 0.05, 0.06, 0.08] }, { prediction_score: band(0, 0.01, 'above') });
    const f = monitorFindings(r, 400, ['gradual']);
    expect(f.fired).toHaveLength(1);
    // scipy.stats.theilslopes over the six new chunks: slope 0.013333, intercept 0.011667, so the
    // line passes the band's upper bound (0.03) at the third of them, chunk 6.
    expect(f.fired[0]).toMatchObject({ kind: 'gradual', series: 'prediction_score', chunk: 6 });
    expect(f.fired[0].slope).toBeCloseTo(0.013333333, 8);
  });
});
