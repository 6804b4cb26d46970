import type { TimelineSeries } from '../api/calls/monitoring';

// How the timeline's series read, for the alerts, the CLI and the page alike.

export const SERIES_LABELS: Record<TimelineSeries, string> = {
  drift_share: 'share of drifted columns',
  target: 'target distribution',
  predicted_class: 'predicted class',
  prediction_score: 'prediction score',
  accuracy: 'accuracy',
  f1: 'F1',
  roc_auc: 'ROC AUC',
  estimated_accuracy: 'estimated accuracy',
  expected_value: 'expected value per 1,000',
  realized_value: 'realized value per 1,000',
};

/** Rates, whose changes read in percentage points; the rest are drift scores (p-values or distances). */
export function seriesUnit(s: TimelineSeries): 'pp' | 'raw' {
  return s === 'drift_share' || s === 'accuracy' || s === 'f1' || s === 'roc_auc' || s === 'estimated_accuracy' ? 'pp' : 'raw';
}
