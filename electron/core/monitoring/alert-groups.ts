import type { Alert, AlertBand, AlertGroup, TimelineSeries } from '../../../shared/api/calls/monitoring';
import { SERIES_LABELS } from '../../../shared/monitoring/series';

const GROUPS: { kind: AlertGroup['kind']; title: string; series: TimelineSeries[] }[] = [
  { kind: 'data_drift', title: 'Data drift', series: ['drift_share', 'target'] },
  { kind: 'prediction_drift', title: 'Prediction drift', series: ['predicted_class', 'prediction_score'] },
  { kind: 'performance', title: 'Performance', series: ['accuracy', 'f1', 'roc_auc', 'estimated_accuracy', 'realized_value', 'expected_value'] },
];

/**
 * A chunk's alerts grouped for reading: the series outside their bands by kind, then the columns
 * outside theirs, furthest out (in band widths) first so the columns that drive the drift lead.
 */
export function groupAlerts(
  chunk: {
    values: Partial<Record<TimelineSeries, number>>;
    alerts: readonly TimelineSeries[];
    columns: Record<string, number>;
    columnAlerts: readonly string[];
  },
  bands: Partial<Record<TimelineSeries, AlertBand>>,
  columnBands: Record<string, AlertBand>,
): AlertGroup[] {
  const out: AlertGroup[] = [];
  for (const g of GROUPS) {
    const alerts = g.series
      .filter((s) => chunk.alerts.includes(s))
      .map((s): Alert => ({ name: s, label: SERIES_LABELS[s], value: chunk.values[s]!, band: bands[s]! }));
    if (alerts.length) out.push({ kind: g.kind, title: g.title, alerts });
  }
  const columns = chunk.columnAlerts.map((name): Alert => ({ name, label: name, value: chunk.columns[name], band: columnBands[name] }));
  if (columns.length) {
    columns.sort((a, b) => beyond(b) - beyond(a) || a.name.localeCompare(b.name));
    out.push({ kind: 'columns', title: 'Columns outside their bands', alerts: columns });
  }
  return out;
}

/** How far a value is past its band's alerting edge, in reference standard deviations. */
function beyond(a: Alert): number {
  const { band, value } = a;
  const over =
    band.alertWhen === 'below' ? band.lower - value : band.alertWhen === 'above' ? value - band.upper : Math.max(value - band.upper, band.lower - value);
  // A band of zero width: any step past it is as far out as can be.
  return band.std > 0 ? over / band.std : Math.sign(over) * Number.MAX_VALUE;
}
