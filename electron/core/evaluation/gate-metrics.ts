import type { EvaluationReport } from '../../../shared/api/calls/evaluation';
import type { GateMetrics } from '../../../shared/gates';

type Parts = Pick<EvaluationReport, 'overall' | 'perClass' | 'positiveClass' | 'fairness' | 'business' | 'drift'>;

/** The report's numbers under the names gate expressions use. */
export function gateMetrics(r: Parts): GateMetrics {
  const o = r.overall;
  const positive = r.positiveClass === null ? undefined : r.perClass.find((c) => c.label === r.positiveClass);
  const binary = r.perClass.length === 2;
  const scalars: GateMetrics['scalars'] = {
    accuracy: o.accuracy,
    balanced_accuracy: o.balancedAccuracy,
    precision_macro: o.precisionMacro,
    recall_macro: o.recallMacro,
    f1_macro: o.f1Macro,
    precision_weighted: o.precisionWeighted,
    recall_weighted: o.recallWeighted,
    f1_weighted: o.f1Weighted,
    roc_auc: o.rocAuc,
    roc_auc_weighted: o.rocAucWeighted,
    log_loss: o.logLoss,
    ece: o.ece,
    ...(binary && positive && { average_precision: positive.averagePrecision }),
    ...(r.drift && { drift_share: r.drift.shareOfDriftedColumns }),
    ...(r.business && { expected_value: r.business.atDefault.expectedValuePer1000 }),
  };
  const perClass: GateMetrics['perClass'] = Object.fromEntries(
    r.perClass.map((c) => [
      c.label,
      { precision: c.precision, recall: c.recall, f1: c.f1, roc_auc: c.rocAuc, average_precision: c.averagePrecision, ece: c.ece },
    ]),
  );
  const fairness: GateMetrics['fairness'] = Object.fromEntries(
    r.fairness.map((f) => [
      f.column,
      {
        demographic_parity_difference: f.demographicParityDifference,
        demographic_parity_ratio: f.demographicParityRatio,
        equalized_odds_difference: f.equalizedOddsDifference,
        equalized_odds_ratio: f.equalizedOddsRatio,
        equal_opportunity_difference: f.equalOpportunityDifference,
        equal_opportunity_ratio: f.equalOpportunityRatio,
      },
    ]),
  );
  return { scalars, perClass, positiveClass: r.positiveClass, fairness };
}
