import type { Curve } from './series';
import { metricFamily } from './series';

// Which way is better for a metric, by its name: the convention Keras, MLflow and W&B summaries
// follow. Scores (accuracy, AUC, F1, precision, recall, R², IoU, mAP) go up; losses and errors
// (loss, mae, mse, rmse, …) go down; anything unnamed is treated like a loss.
const HIGHER_IS_BETTER = /(acc|accuracy|auc|f1|precision|recall|r2|iou|map|dice|score)$/i;

export type MetricGoal = 'max' | 'min';

export function metricGoal(key: string): MetricGoal {
  return HIGHER_IS_BETTER.test(metricFamily(key)) ? 'max' : 'min';
}

export interface BestPoint {
  value: number;
  /** The epoch (step) it was reached at; the first one on ties, as early stopping counts it. */
  step: number;
}

/** The best point of a curve in the metric's direction; null for an empty curve. */
export function bestPoint(curve: Curve | undefined, goal: MetricGoal): BestPoint | null {
  if (!curve || curve.values.length === 0) return null;
  let best = 0;
  for (let i = 1; i < curve.values.length; i++) {
    const v = curve.values[i];
    if (goal === 'max' ? v > curve.values[best] : v < curve.values[best]) best = i;
  }
  return { value: curve.values[best], step: curve.steps[best] };
}
