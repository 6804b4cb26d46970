import { describe, expect, it } from 'vitest';
import { band } from '../alert-band';
import type { AlertBand, TimelineSeries } from '../../shared/api/calls/monitoring';
import { groupAlerts } from '../../electron/core/monitoring/alert-groups';

describe('timeline alert groups', () => {
  const bands: Partial<Record<TimelineSeries, AlertBand>> = {
    drift_share: band(0.05, 0.02, 'above'),
    target: band(0.4, 0.1, 'below'),
    predicted_class: band(0.5, 0.1, 'below'),
    prediction_score: band(0.04, 0.01, 'above'),
    accuracy: band(0.85, 0.01, 'outside'),
    estimated_accuracy: band(0.85, 0.01, 'outside'),
  };
  // Distances: KS-like p-values alert below their band; distance scores above.
  const columnBands = { age: band(0.5, 0.1, 'below'), hours: band(0.5, 0.1, 'below'), education: band(0.1, 0.02, 'above'), race: band(0.1, 0, 'above') };

  it('orders data drift, prediction drift, performance, then the columns, furthest out first', () => {
    const groups = groupAlerts(
      {
        values: { drift_share: 0.6, target: 0.01, predicted_class: 0.3, prediction_score: 0.2, accuracy: 0.7, estimated_accuracy: 0.78 },
        alerts: ['estimated_accuracy', 'prediction_score', 'accuracy', 'target', 'drift_share'],
        columns: { age: 0.0, hours: 0.15, education: 0.3, race: 0.11, sex: 0.9 },
        columnAlerts: ['hours', 'age', 'education', 'race'],
      },
      bands,
      columnBands,
    );
    expect(groups.map((g) => g.kind)).toEqual(['data_drift', 'prediction_drift', 'performance', 'columns']);
    expect(groups.map((g) => g.alerts.map((a) => a.name))).toEqual([
      ['drift_share', 'target'],
      ['prediction_score'],
      ['accuracy', 'estimated_accuracy'],
      // race is past a band of zero width; education 7 std past its edge, age 2, hours 0.5.
      ['race', 'education', 'age', 'hours'],
    ]);
    expect(groups[0].alerts[0]).toEqual({ name: 'drift_share', label: 'share of drifted columns', value: 0.6, band: bands.drift_share });
    expect(groups[3].alerts[1]).toMatchObject({ label: 'education', value: 0.3, band: columnBands.education });
  });

  it('leaves out groups without an alert, and gives none for a quiet chunk', () => {
    const quiet = { values: { drift_share: 0.05 }, alerts: [] as TimelineSeries[], columns: { age: 0.5 }, columnAlerts: [] };
    expect(groupAlerts(quiet, bands, columnBands)).toEqual([]);
    const perf = groupAlerts({ ...quiet, values: { accuracy: 0.9 }, alerts: ['accuracy'] }, bands, columnBands);
    expect(perf.map((g) => [g.kind, g.title])).toEqual([['performance', 'Performance']]);
  });
});
