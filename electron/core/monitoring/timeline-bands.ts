import type { AlertBand, TimelineSeries } from '../../../shared/api/calls/monitoring';
import type { StatTestName } from '../../../shared/stats';
import type { ChunkStats } from './timeline-chunk-stats';

/** Series that flag a chunk (the per-column ones are listed apart, as columnAlerts). */
export const FLAGGING: TimelineSeries[] = [
  'drift_share',
  'predicted_class',
  'prediction_score',
  'target',
  'accuracy',
  'f1',
  'roc_auc',
  'estimated_accuracy',
  'realized_value',
  'expected_value',
];

export interface Bands {
  bands: Partial<Record<TimelineSeries, AlertBand>>;
  columnBands: Record<string, AlertBand>;
}

/** Mean ± 3 sample standard deviations of the finite values. */
function band(values: number[], alertWhen: AlertBand['alertWhen']): AlertBand {
  const v = values.filter((x) => Number.isFinite(x));
  const mean = v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN;
  const std = v.length > 1 ? Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / (v.length - 1)) : 0;
  return { mean, std, lower: mean - 3 * std, upper: mean + 3 * std, alertWhen };
}

function outside(value: number | undefined, b: AlertBand | undefined): boolean {
  if (value === undefined || !Number.isFinite(value) || !b || !Number.isFinite(b.mean)) return false;
  // A tiny tolerance so that a band of zero width (every reference chunk alike) doesn't alert on rounding.
  const eps = 1e-9;
  if (b.alertWhen === 'above') return value > b.upper + eps;
  if (b.alertWhen === 'below') return value < b.lower - eps;
  return value > b.upper + eps || value < b.lower - eps;
}

/** A p-value alerts when low, a distance when high; an unknown test (none ran) when high. */
function sideOf(test: StatTestName | undefined): AlertBand['alertWhen'] {
  return test === 'ks' || test === 'chisquare' || test === 'z' ? 'below' : 'above';
}

function seriesSide(s: TimelineSeries, tests: Record<string, StatTestName>, label: string | null): AlertBand['alertWhen'] {
  if (s === 'drift_share') return 'above';
  if (s === 'predicted_class') return sideOf(tests['prediction']);
  if (s === 'prediction_score') return sideOf(tests['prediction_score']);
  if (s === 'target') return sideOf(tests[`target:${label}`]);
  if (s === 'realized_value' || s === 'expected_value') return 'below';
  return 'outside';
}

/** The alert bands of each series and tested column, from the reference cut into chunks. */
export function alertBands(refStats: readonly ChunkStats[], tests: Record<string, StatTestName>, label: string | null, columns: readonly string[]): Bands {
  const bands: Partial<Record<TimelineSeries, AlertBand>> = {};
  for (const s of FLAGGING) {
    const vals = refStats.map((r) => r.values[s]).filter((v): v is number => v !== undefined);
    if (vals.length) bands[s] = band(vals, seriesSide(s, tests, label));
  }
  const columnBands: Record<string, AlertBand> = {};
  for (const name of columns) {
    const test = tests[name];
    if (test)
      columnBands[name] = band(
        refStats.map((r) => r.columns[name]).filter((v): v is number => v !== undefined),
        sideOf(test),
      );
  }
  return { bands, columnBands };
}

/** The series and columns of a chunk outside their bands. */
export function chunkAlerts(s: ChunkStats, b: Bands): { alerts: TimelineSeries[]; columnAlerts: string[] } {
  return {
    alerts: FLAGGING.filter((k) => outside(s.values[k], b.bands[k])),
    columnAlerts: Object.keys(s.columns).filter((name) => outside(s.columns[name], b.columnBands[name])),
  };
}
