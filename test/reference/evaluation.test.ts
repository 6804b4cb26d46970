// Cairn's evaluation report against scikit-learn's metrics (values from generate.py).

import { describe, expect, it } from 'vitest';
import { evaluateClassifier, logLoss, rocAucScore } from '../../shared/stats';
import { adultScore, column, expectClose, golden, table } from './cases';

interface Calibration {
  probTrue: number[];
  probPred: number[];
  counts: number[];
  ece: number;
}

interface GoldenEvaluation {
  name: 'iris' | 'wine' | 'breast_cancer' | 'adult';
  labels: string[];
  n: number;
  accuracy: number;
  confusion: number[][];
  precision: number[];
  recall: number[];
  f1: number[];
  support: number[];
  averages: Record<'macro' | 'weighted' | 'micro', { precision: number; recall: number; f1: number }>;
  logLoss: number;
  perClass: Array<{ label: string; rocAuc: number; averagePrecision: number } & Calibration>;
  topLabel: Calibration;
  rocAucBinary?: number;
  rocAucOvr?: { macro: number; weighted: number };
}

const file = golden<{ inputs: Record<string, { labels: string[]; permille: number[][] }>; cases: GoldenEvaluation[] }>('evaluation.json');

/** The true labels and the probability rows of each case (generate.py evaluations). */
async function inputs(g: GoldenEvaluation): Promise<{ y: string[]; rows: number[][] }> {
  const t = await table(g.name);
  if (g.name === 'adult') return { y: column(t, 'income-per-year') as string[], rows: adultScore(t).map((k) => [1 - k / 1000, k / 1000]) };
  const { labels, permille } = file.inputs[g.name];
  expect(labels).toEqual(g.labels);
  return { y: column(t, 'label') as string[], rows: permille.map((row) => row.map((k) => k / 1000)) };
}

const closeAll = (actual: ArrayLike<number>, expected: number[], what: string) => {
  expect(actual.length, what).toBe(expected.length);
  expected.forEach((e, i) => expectClose(actual[i], e, `${what}[${i}]`));
};

describe.each(file.cases)('evaluation golden $name', (g) => {
  it('accuracy, confusion matrix, precision/recall/F1 per class and averaged, log loss (sklearn)', async () => {
    const { y, rows } = await inputs(g);
    const r = evaluateClassifier(y, rows, g.labels, { calibrationBins: 10 });
    expect(r.n).toBe(g.n);
    expectClose(r.accuracy, g.accuracy, 'accuracy');
    expect(r.confusion.matrix).toEqual(g.confusion);
    closeAll(r.report.precision, g.precision, 'precision');
    closeAll(r.report.recall, g.recall, 'recall');
    closeAll(r.report.f1, g.f1, 'f1');
    expect(r.report.support).toEqual(g.support);
    for (const a of ['macro', 'weighted', 'micro'] as const)
      for (const m of ['precision', 'recall', 'f1'] as const) expectClose(r.report[a][m], g.averages[a][m], `${a} ${m}`);
    expectClose(r.logLoss, g.logLoss, 'log loss');
    expectClose(logLoss(y, rows, { labels: g.labels }), g.logLoss, 'logLoss()');
  });

  it('ROC AUC (binary or one-vs-rest macro and weighted) and average precision per class (sklearn)', async () => {
    const { y, rows } = await inputs(g);
    const r = evaluateClassifier(y, rows, g.labels);
    r.perClass.forEach((c, i) => {
      expectClose(c.rocAuc, g.perClass[i].rocAuc, `roc auc ${g.labels[i]}`);
      expectClose(c.averagePrecision, g.perClass[i].averagePrecision, `average precision ${g.labels[i]}`);
    });
    if (g.rocAucBinary !== undefined)
      expectClose(
        rocAucScore(
          y,
          rows.map((p) => p[1]),
          g.labels[1],
        ),
        g.rocAucBinary,
        'binary roc auc',
      );
    if (g.rocAucOvr) {
      expectClose(r.rocAucOvr.macro, g.rocAucOvr.macro, 'ovr macro');
      expectClose(r.rocAucOvr.weighted, g.rocAucOvr.weighted, 'ovr weighted');
    }
  });

  it('calibration curves (sklearn calibration_curve, 10 uniform bins) and ECE, per class and top-label', async () => {
    const { y, rows } = await inputs(g);
    const r = evaluateClassifier(y, rows, g.labels, { calibrationBins: 10 });
    const check = (c: { probTrue: number[]; probPred: number[]; counts: number[] }, ece: number, e: Calibration, what: string) => {
      closeAll(c.probTrue, e.probTrue, `${what} prob_true`);
      closeAll(c.probPred, e.probPred, `${what} prob_pred`);
      expect(c.counts, what).toEqual(e.counts);
      expectClose(ece, e.ece, `${what} ece`);
    };
    r.perClass.forEach((c, i) => check(c.calibration, c.ece, g.perClass[i], String(c.label)));
    check(r.calibration, r.ece, g.topLabel, 'top label');
  });
});
