import type { DisparityPair, FairnessColumnReport, GroupRow, MitigationSide } from '../../../shared/api/calls/evaluation';
import {
  fourFifthsRule,
  groupMetrics,
  metricDifference,
  metricRatio,
  optimizeThresholds,
  type FairnessConstraint,
  type GroupMetrics,
  type RateName,
} from '../../../shared/stats';

export interface FairnessInput {
  column: string;
  /** Sensitive value per row ("(missing)" for an empty cell). */
  groups: string[];
  positiveClass: string;
  /** 1 where the true label is the positive class. */
  yTrue01: Uint8Array;
  /** 1 where the model predicts the positive class (its arg-max). */
  yPred01: Uint8Array;
  /** Probability of the positive class: what the per-group thresholds cut. */
  scores: Float64Array;
  mitigation: { constraint: FairnessConstraint; tolerance: number };
}

const pair = (m: GroupMetrics, rate: RateName, kind: 'difference' | 'ratio'): DisparityPair => {
  const f = kind === 'difference' ? metricDifference : metricRatio;
  return { between_groups: f(m, rate, 'between_groups'), to_overall: f(m, rate, 'to_overall') };
};

// Fairlearn's equalized odds: the worse of the TPR and FPR disparities (larger difference, smaller ratio).
const worse = (a: DisparityPair, b: DisparityPair, pick: (x: number, y: number) => number): DisparityPair => ({
  between_groups: pick(a.between_groups, b.between_groups),
  to_overall: pick(a.to_overall, b.to_overall),
});

function rows(m: GroupMetrics): GroupRow[] {
  return m.byGroup.map((g) => ({
    group: String(g.group),
    count: g.count,
    selectionRate: g.selectionRate,
    truePositiveRate: g.truePositiveRate,
    falsePositiveRate: g.falsePositiveRate,
    accuracy: g.accuracy,
  }));
}

/** The constrained rate's spread, over the groups it binds (as the threshold optimizer measures it). */
function disparity(m: GroupMetrics, y01: Uint8Array, groups: string[], constraint: FairnessConstraint): number {
  const pos = new Map<string, number>();
  y01.forEach((y, i) => y && pos.set(groups[i], (pos.get(groups[i]) ?? 0) + 1));
  const spread = (rate: 'selectionRate' | 'truePositiveRate' | 'falsePositiveRate', keep: (g: GroupMetrics['byGroup'][number]) => boolean) => {
    const v = m.byGroup.filter(keep).map((g) => g[rate]);
    return v.length ? Math.max(...v) - Math.min(...v) : 0;
  };
  const hasPos = (g: GroupMetrics['byGroup'][number]) => (pos.get(String(g.group)) ?? 0) > 0;
  const hasNeg = (g: GroupMetrics['byGroup'][number]) => g.count - (pos.get(String(g.group)) ?? 0) > 0;
  if (constraint === 'demographic_parity') return spread('selectionRate', () => true);
  if (constraint === 'true_positive_rate_parity') return spread('truePositiveRate', hasPos);
  return Math.max(spread('truePositiveRate', hasPos), spread('falsePositiveRate', hasNeg));
}

function side(m: GroupMetrics, disparityValue: number): MitigationSide {
  return {
    accuracy: m.overall.accuracy,
    disparity: disparityValue,
    demographicParityDifference: metricDifference(m, 'selectionRate', 'between_groups'),
    selectionRates: m.byGroup.map((g) => ({ group: String(g.group), selectionRate: g.selectionRate })),
  };
}

/** Fairlearn's group metrics and disparities for one sensitive column, and per-group thresholds beside them. */
export function fairnessReport(f: FairnessInput): FairnessColumnReport {
  const m = groupMetrics(f.yTrue01, f.yPred01, f.groups, 1);
  const tprDiff = pair(m, 'truePositiveRate', 'difference');
  const fprDiff = pair(m, 'falsePositiveRate', 'difference');
  const tprRatio = pair(m, 'truePositiveRate', 'ratio');
  const fprRatio = pair(m, 'falsePositiveRate', 'ratio');
  const ff = fourFifthsRule(f.yPred01, f.groups, 1);
  const opt = optimizeThresholds(f.scores, f.yTrue01, f.groups, { constraint: f.mitigation.constraint, tolerance: f.mitigation.tolerance, posLabel: 1 });
  return {
    column: f.column,
    positiveClass: f.positiveClass,
    overall: m.overall,
    groups: rows(m),
    demographicParityDifference: pair(m, 'selectionRate', 'difference'),
    demographicParityRatio: pair(m, 'selectionRate', 'ratio'),
    equalizedOddsDifference: worse(tprDiff, fprDiff, Math.max),
    equalizedOddsRatio: worse(tprRatio, fprRatio, Math.min),
    equalOpportunityDifference: tprDiff,
    equalOpportunityRatio: tprRatio,
    fourFifths: { ratio: ff.ratio, passes: ff.passes, adverselyImpacted: ff.adverselyImpacted.map(String) },
    mitigation: {
      constraint: opt.constraint,
      tolerance: opt.tolerance,
      feasible: opt.feasible,
      thresholds: opt.thresholds.map((t) => ({ group: String(t.group), threshold: t.threshold })),
      // "Before" is the model as it predicts (arg-max), not a 0.5 cut, so it matches the rest of the report.
      before: side(m, disparity(m, f.yTrue01, f.groups, opt.constraint)),
      after: side(opt.after.metrics, opt.after.disparity),
    },
  };
}
