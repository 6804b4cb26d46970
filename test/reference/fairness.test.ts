// Cairn's fairness metrics against Fairlearn's definitions (values from generate.py).

import { describe, expect, it } from 'vitest';
import {
  type DisparityMethod,
  type RateName,
  demographicParityDifference,
  demographicParityRatio,
  equalizedOddsDifference,
  equalizedOddsRatio,
  groupMetrics,
  metricDifference,
  metricRatio,
} from '../../shared/stats';
import { adultScore, column, expectClose, golden, table } from './cases';

interface Rates {
  count: number;
  selectionRate: number;
  truePositiveRate: number;
  falsePositiveRate: number;
  accuracy: number;
}

interface Aggregates {
  demographicParityDifference: number;
  demographicParityRatio: number;
  equalizedOddsDifference: number;
  equalizedOddsDifferenceMean: number;
  equalizedOddsRatio: number;
  equalizedOddsRatioMean: number;
}

interface GoldenFairness {
  name: 'adult-sex' | 'adult-race' | 'breast_cancer-texture' | 'wine-alcohol';
  overall: Rates;
  byGroup: Array<{ group: string } & Rates>;
  disparities: Record<RateName, { difference: Record<DisparityMethod, number>; ratio: Record<DisparityMethod, number> }>;
  between_groups: Aggregates;
  to_overall: Aggregates;
}

const file = golden<{ cases: GoldenFairness[] }>('fairness.json');
const evaluation = golden<{ inputs: Record<string, { permille: number[][] }> }>('evaluation.json');

/** generate.py fairness: true labels, predictions (positive at p >= 0.5) and the sensitive column, as booleans and strings. */
async function inputs(name: GoldenFairness['name']): Promise<{ y: boolean[]; p: boolean[]; s: string[] }> {
  if (name === 'wine-alcohol') {
    const t = await table('wine');
    return {
      y: column(t, 'label').map((v) => v === 'class_0'),
      p: evaluation.inputs.wine.permille.map((row) => row[0] >= 500),
      s: column(t, 'alcohol').map((v) => ((v as number) >= 13 ? 'strong' : 'light')),
    };
  }
  if (name === 'breast_cancer-texture') {
    const t = await table('breast_cancer');
    const texture = column(t, 'mean_texture') as number[];
    return {
      y: column(t, 'label').map((v) => v === 'malignant'),
      p: evaluation.inputs.breast_cancer.permille.map((row) => row[1] >= 500),
      s: texture.map((v) => (v >= 20 ? 'high-texture' : 'low-texture')),
    };
  }
  const t = await table('adult');
  return {
    y: column(t, 'income-per-year').map((v) => v === '>50K'),
    p: adultScore(t).map((k) => k >= 500),
    s: column(t, name === 'adult-sex' ? 'sex' : 'race') as string[],
  };
}

const RATES = ['selectionRate', 'truePositiveRate', 'falsePositiveRate', 'accuracy'] as const;

describe.each(file.cases)('fairness golden $name', (g) => {
  it('selection rate, TPR, FPR and accuracy overall and per group (MetricFrame)', async () => {
    const { y, p, s } = await inputs(g.name);
    const m = groupMetrics(y, p, s, true);
    expect(m.byGroup.map((r) => [r.group, r.count])).toEqual(g.byGroup.map((r) => [r.group, r.count]));
    for (const rate of RATES) {
      expectClose(m.overall[rate], g.overall[rate], `overall ${rate}`);
      m.byGroup.forEach((r, i) => expectClose(r[rate], g.byGroup[i][rate], `${r.group} ${rate}`));
    }
    for (const rate of ['selectionRate', 'truePositiveRate', 'falsePositiveRate'] as const) {
      for (const method of ['between_groups', 'to_overall'] as const) {
        expectClose(metricDifference(m, rate, method), g.disparities[rate].difference[method], `${rate} difference ${method}`);
        expectClose(metricRatio(m, rate, method), g.disparities[rate].ratio[method], `${rate} ratio ${method}`);
      }
    }
  });

  it.each(['between_groups', 'to_overall'] as const)('demographic parity and equalized odds, difference and ratio (%s)', async (method) => {
    const { y, p, s } = await inputs(g.name);
    const e = g[method];
    const o = { method, posLabel: true };
    expectClose(demographicParityDifference(y, p, s, o), e.demographicParityDifference, 'demographic parity difference');
    expectClose(demographicParityRatio(y, p, s, o), e.demographicParityRatio, 'demographic parity ratio');
    expectClose(equalizedOddsDifference(y, p, s, o), e.equalizedOddsDifference, 'equalized odds difference');
    expectClose(equalizedOddsDifference(y, p, s, { ...o, agg: 'mean' }), e.equalizedOddsDifferenceMean, 'equalized odds difference (mean)');
    expectClose(equalizedOddsRatio(y, p, s, o), e.equalizedOddsRatio, 'equalized odds ratio');
    expectClose(equalizedOddsRatio(y, p, s, { ...o, agg: 'mean' }), e.equalizedOddsRatioMean, 'equalized odds ratio (mean)');
  });
});
