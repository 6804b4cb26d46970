// The metrics a quality gate may name, by the kind of bracket argument each takes.

/** Whole-model numbers: `accuracy >= 0.9`. */
export const SCALAR_METRICS = [
  'accuracy',
  'balanced_accuracy',
  'precision_macro',
  'recall_macro',
  'f1_macro',
  'precision_weighted',
  'recall_weighted',
  'f1_weighted',
  'roc_auc',
  'roc_auc_weighted',
  'average_precision',
  'log_loss',
  'ece',
  'drift_share',
  'expected_value',
] as const;

/**
 * Per class: `recall[malignant] >= 0.97`. Without a class they mean the positive class of a binary
 * model (sklearn's default pos_label), so `recall >= 0.9` reads as it does in sklearn.
 */
export const CLASS_METRICS = ['precision', 'recall', 'f1', 'roc_auc', 'average_precision', 'ece'] as const;

/** Per sensitive column: `demographic_parity_difference[sex] <= 0.1`, optionally `[sex, to_overall]`. */
export const FAIRNESS_METRICS = [
  'demographic_parity_difference',
  'demographic_parity_ratio',
  'equalized_odds_difference',
  'equalized_odds_ratio',
  'equal_opportunity_difference',
  'equal_opportunity_ratio',
] as const;

export type ScalarMetric = (typeof SCALAR_METRICS)[number];
export type ClassMetric = (typeof CLASS_METRICS)[number];
export type FairnessMetric = (typeof FAIRNESS_METRICS)[number];
export type DisparityMethodName = 'between_groups' | 'to_overall';

/**
 * The numbers gates are checked against, flattened out of an evaluation report. A metric that is
 * absent was not computed for this evaluation (no --sensitive for that column, no drift reference…).
 */
export interface GateMetrics {
  scalars: Partial<Record<ScalarMetric, number>>;
  /** class label -> metric -> value */
  perClass: Record<string, Partial<Record<ClassMetric, number>>>;
  /** The class the unbracketed class metrics mean (binary models), else null. */
  positiveClass: string | null;
  /** sensitive column -> metric -> {between_groups, to_overall} */
  fairness: Record<string, Partial<Record<FairnessMetric, Record<DisparityMethodName, number>>>>;
}

export const isScalarMetric = (m: string): m is ScalarMetric => (SCALAR_METRICS as readonly string[]).includes(m);
export const isClassMetric = (m: string): m is ClassMetric => (CLASS_METRICS as readonly string[]).includes(m);
export const isFairnessMetric = (m: string): m is FairnessMetric => (FAIRNESS_METRICS as readonly string[]).includes(m);
