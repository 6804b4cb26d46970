// Group fairness metrics as Fairlearn (fairlearn.metrics) defines them for binary classification.

import { type Label, compareLabels } from './labels';

export interface GroupRates {
  count: number;
  selectionRate: number;
  /** Recall; 0 where the group has no positives (sklearn zero_division default). */
  truePositiveRate: number;
  /** 0 where the group has no negatives. */
  falsePositiveRate: number;
  accuracy: number;
}

export interface GroupMetrics {
  overall: GroupRates;
  byGroup: Array<{ group: Label } & GroupRates>;
}

export type DisparityMethod = 'between_groups' | 'to_overall';

interface Tally {
  n: number;
  pos: number;
  neg: number;
  tp: number;
  fp: number;
  selected: number;
  correct: number;
}

const newTally = (): Tally => ({ n: 0, pos: 0, neg: 0, tp: 0, fp: 0, selected: 0, correct: 0 });

function rates(t: Tally): GroupRates {
  return {
    count: t.n,
    selectionRate: t.n ? t.selected / t.n : 0,
    truePositiveRate: t.pos ? t.tp / t.pos : 0,
    falsePositiveRate: t.neg ? t.fp / t.neg : 0,
    accuracy: t.n ? t.correct / t.n : 0,
  };
}

/**
 * Fairlearn MetricFrame with count, selection_rate, recall (TPR), false_positive_rate and accuracy:
 * the overall values and one row per sensitive group (groups sorted). Positive means === posLabel.
 */
export function groupMetrics(yTrue: ArrayLike<Label>, yPred: ArrayLike<Label>, sensitive: ArrayLike<Label>, posLabel: Label = 1): GroupMetrics {
  if (yTrue.length !== yPred.length || yTrue.length !== sensitive.length) throw new Error('groupMetrics: arrays differ in length');
  const all = newTally();
  const groups = new Map<Label, Tally>();
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i] === posLabel;
    const p = yPred[i] === posLabel;
    let g = groups.get(sensitive[i]);
    if (!g) groups.set(sensitive[i], (g = newTally()));
    for (const x of [all, g]) {
      x.n++;
      if (t) x.pos++;
      else x.neg++;
      if (p) x.selected++;
      if (p && t) x.tp++;
      if (p && !t) x.fp++;
      if (p === t) x.correct++;
    }
  }
  const keys = [...groups.keys()].sort(compareLabels);
  return { overall: rates(all), byGroup: keys.map((group) => ({ group, ...rates(groups.get(group)!) })) };
}

export type RateName = 'selectionRate' | 'truePositiveRate' | 'falsePositiveRate' | 'accuracy' | 'count';

/** MetricFrame.difference: max - min over groups, or the largest |group - overall|. */
export function metricDifference(m: GroupMetrics, metric: RateName, method: DisparityMethod = 'between_groups'): number {
  const values = m.byGroup.map((g) => g[metric]);
  if (method === 'between_groups') return Math.max(...values) - Math.min(...values);
  const o = m.overall[metric];
  return Math.max(...values.map((v) => Math.abs(v - o)));
}

/** MetricFrame.ratio: min / max over groups, or the smallest of group/overall (inverted when > 1). 0/0 is NaN. */
export function metricRatio(m: GroupMetrics, metric: RateName, method: DisparityMethod = 'between_groups'): number {
  const values = m.byGroup.map((g) => g[metric]);
  if (method === 'between_groups') return Math.min(...values) / Math.max(...values);
  const o = m.overall[metric];
  let best = NaN;
  for (const v of values) {
    let r = v / o;
    if (r > 1) r = 1 / r;
    if (!Number.isNaN(r) && (Number.isNaN(best) || r < best)) best = r;
  }
  return best;
}

export interface FairnessOptions {
  method?: DisparityMethod;
  posLabel?: Label;
}

/** fairlearn.metrics.demographic_parity_difference. */
export function demographicParityDifference(yTrue: ArrayLike<Label>, yPred: ArrayLike<Label>, sensitive: ArrayLike<Label>, o: FairnessOptions = {}): number {
  return metricDifference(groupMetrics(yTrue, yPred, sensitive, o.posLabel), 'selectionRate', o.method);
}

/** fairlearn.metrics.demographic_parity_ratio. */
export function demographicParityRatio(yTrue: ArrayLike<Label>, yPred: ArrayLike<Label>, sensitive: ArrayLike<Label>, o: FairnessOptions = {}): number {
  return metricRatio(groupMetrics(yTrue, yPred, sensitive, o.posLabel), 'selectionRate', o.method);
}

export type EqualizedOddsAgg = 'worst_case' | 'mean';

/** fairlearn.metrics.equalized_odds_difference: the larger (or mean) of the TPR and FPR differences. */
export function equalizedOddsDifference(
  yTrue: ArrayLike<Label>,
  yPred: ArrayLike<Label>,
  sensitive: ArrayLike<Label>,
  o: FairnessOptions & { agg?: EqualizedOddsAgg } = {},
): number {
  const m = groupMetrics(yTrue, yPred, sensitive, o.posLabel);
  const a = metricDifference(m, 'truePositiveRate', o.method);
  const b = metricDifference(m, 'falsePositiveRate', o.method);
  return o.agg === 'mean' ? (a + b) / 2 : Math.max(a, b);
}

/** fairlearn.metrics.equalized_odds_ratio: the smaller (or mean) of the TPR and FPR ratios. */
export function equalizedOddsRatio(
  yTrue: ArrayLike<Label>,
  yPred: ArrayLike<Label>,
  sensitive: ArrayLike<Label>,
  o: FairnessOptions & { agg?: EqualizedOddsAgg } = {},
): number {
  const m = groupMetrics(yTrue, yPred, sensitive, o.posLabel);
  const a = metricRatio(m, 'truePositiveRate', o.method);
  const b = metricRatio(m, 'falsePositiveRate', o.method);
  return o.agg === 'mean' ? (a + b) / 2 : Math.min(a, b);
}

/** fairlearn.metrics.equal_opportunity_difference: the TPR difference. */
export function equalOpportunityDifference(yTrue: ArrayLike<Label>, yPred: ArrayLike<Label>, sensitive: ArrayLike<Label>, o: FairnessOptions = {}): number {
  return metricDifference(groupMetrics(yTrue, yPred, sensitive, o.posLabel), 'truePositiveRate', o.method);
}

/** fairlearn.metrics.equal_opportunity_ratio: the TPR ratio. */
export function equalOpportunityRatio(yTrue: ArrayLike<Label>, yPred: ArrayLike<Label>, sensitive: ArrayLike<Label>, o: FairnessOptions = {}): number {
  return metricRatio(groupMetrics(yTrue, yPred, sensitive, o.posLabel), 'truePositiveRate', o.method);
}

export interface FourFifthsResult {
  /** Lowest selection rate over the highest (demographic parity ratio, between groups). */
  ratio: number;
  passes: boolean;
  /** Groups whose selection rate is below 4/5 of the highest group's. */
  adverselyImpacted: Label[];
  byGroup: Array<{ group: Label; selectionRate: number; impactRatio: number }>;
}

/** The EEOC four-fifths rule on selection rates: every group's rate at least 0.8 of the highest. */
export function fourFifthsRule(yPred: ArrayLike<Label>, sensitive: ArrayLike<Label>, posLabel: Label = 1, threshold = 0.8): FourFifthsResult {
  const m = groupMetrics(yPred, yPred, sensitive, posLabel);
  const top = Math.max(...m.byGroup.map((g) => g.selectionRate));
  const byGroup = m.byGroup.map((g) => ({ group: g.group, selectionRate: g.selectionRate, impactRatio: g.selectionRate / top }));
  const ratio = metricRatio(m, 'selectionRate', 'between_groups');
  const adverselyImpacted = byGroup.filter((g) => g.impactRatio < threshold).map((g) => g.group);
  return { ratio, passes: adverselyImpacted.length === 0 && !Number.isNaN(ratio), adverselyImpacted, byGroup };
}
