import { describe, expect, it } from 'vitest';
import {
  demographicParityDifference,
  demographicParityRatio,
  equalizedOddsDifference,
  equalizedOddsRatio,
  equalOpportunityDifference,
  equalOpportunityRatio,
  fourFifthsRule,
  groupMetrics,
  metricDifference,
  metricRatio,
} from '../../shared/stats/fairness';

// Fairlearn user guide, "Performing a Fairness Assessment" (assessment_metrics doctests) and
// "Common fairness metrics" (demographic_parity_difference → 0.25, demographic_parity_ratio → 0.66666).
const yTrue = [0, 1, 1, 1, 1, 0, 1, 0, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1];
const yPred = [0, 0, 1, 0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 0, 1, 1, 0];
const sf = ['b', 'b', 'a', 'b', 'b', 'c', 'c', 'c', 'a', 'a', 'c', 'a', 'b', 'c', 'c', 'b', 'c', 'c'];

describe('Fairlearn documentation example', () => {
  const m = groupMetrics(yTrue, yPred, sf);
  it('MetricFrame overall and by_group', () => {
    expect(m.overall.truePositiveRate).toBeCloseTo(0.5, 12);
    expect(m.overall.falsePositiveRate).toBeCloseTo(0.666667, 6);
    expect(m.overall.selectionRate).toBeCloseTo(0.555556, 6);
    expect(m.overall.count).toBe(18);
    expect(m.byGroup.map((g) => g.group)).toEqual(['a', 'b', 'c']);
    expect(m.byGroup.map((g) => g.truePositiveRate)).toEqual([0.5, 0.6, 0.4]);
    expect(m.byGroup[0].falsePositiveRate).toBe(1);
    expect(m.byGroup[1].falsePositiveRate).toBe(0);
    expect(m.byGroup[2].falsePositiveRate).toBeCloseTo(0.666667, 6);
    expect(m.byGroup.map((g) => g.selectionRate)).toEqual([0.75, 0.5, 0.5]);
    expect(m.byGroup.map((g) => g.count)).toEqual([4, 6, 8]);
  });

  it('difference() and ratio(), between groups and to overall', () => {
    expect(metricDifference(m, 'truePositiveRate')).toBeCloseTo(0.2, 12);
    expect(metricDifference(m, 'falsePositiveRate')).toBe(1);
    expect(metricDifference(m, 'selectionRate')).toBe(0.25);
    expect(metricDifference(m, 'count')).toBe(4);
    expect(metricRatio(m, 'truePositiveRate')).toBeCloseTo(0.666667, 6);
    expect(metricRatio(m, 'falsePositiveRate')).toBe(0);
    expect(metricRatio(m, 'selectionRate')).toBeCloseTo(0.666667, 6);
    expect(metricRatio(m, 'count')).toBe(0.5);
    expect(metricDifference(m, 'truePositiveRate', 'to_overall')).toBeCloseTo(0.1, 12);
    expect(metricDifference(m, 'falsePositiveRate', 'to_overall')).toBeCloseTo(0.666667, 6);
    expect(metricDifference(m, 'selectionRate', 'to_overall')).toBeCloseTo(0.194444, 6);
    expect(metricDifference(m, 'count', 'to_overall')).toBe(14);
    expect(metricRatio(m, 'truePositiveRate', 'to_overall')).toBeCloseTo(0.8, 12);
    expect(metricRatio(m, 'falsePositiveRate', 'to_overall')).toBe(0);
    expect(metricRatio(m, 'selectionRate', 'to_overall')).toBeCloseTo(0.740741, 6);
    expect(metricRatio(m, 'count', 'to_overall')).toBeCloseTo(0.222222, 6);
  });

  it('predefined fairness metrics', () => {
    expect(demographicParityDifference(yTrue, yPred, sf)).toBe(0.25);
    expect(demographicParityRatio(yTrue, yPred, sf)).toBeCloseTo(2 / 3, 12); // docs print 0.66666...
    expect(equalizedOddsRatio(yTrue, yPred, sf)).toBe(0);
    // Worst case of the TPR difference (0.2) and the FPR difference (1.0).
    expect(equalizedOddsDifference(yTrue, yPred, sf)).toBe(1);
    expect(equalizedOddsDifference(yTrue, yPred, sf, { agg: 'mean' })).toBeCloseTo(0.6, 12);
    expect(equalOpportunityDifference(yTrue, yPred, sf)).toBeCloseTo(0.2, 12);
    expect(equalOpportunityRatio(yTrue, yPred, sf)).toBeCloseTo(2 / 3, 12);
    expect(demographicParityDifference(yTrue, yPred, sf, { method: 'to_overall' })).toBeCloseTo(0.194444, 6);
    expect(demographicParityRatio(yTrue, yPred, sf, { method: 'to_overall' })).toBeCloseTo(0.740741, 6);
    expect(equalizedOddsDifference(yTrue, yPred, sf, { method: 'to_overall' })).toBeCloseTo(2 / 3, 12);
  });

  it('four-fifths rule', () => {
    const r = fourFifthsRule(yPred, sf);
    // Selection rates 0.75, 0.5, 0.5: b and c are at 2/3 of a's rate.
    expect(r.ratio).toBeCloseTo(2 / 3, 12);
    expect(r.passes).toBe(false);
    expect(r.adverselyImpacted).toEqual(['b', 'c']);
    expect(fourFifthsRule([1, 1, 0, 1, 1, 1, 1, 0, 0, 0], ['x', 'x', 'x', 'x', 'x', 'y', 'y', 'y', 'y', 'y']).passes).toBe(false);
    expect(fourFifthsRule([1, 1, 1, 1, 0, 1, 1, 1, 1, 1], ['x', 'x', 'x', 'x', 'x', 'y', 'y', 'y', 'y', 'y']).passes).toBe(true);
  });
});
