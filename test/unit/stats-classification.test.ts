import { describe, expect, it } from 'vitest';
import { accuracy, classificationReport, confusionMatrix } from '../../shared/stats/classification';
import { averagePrecision, precisionRecallCurve, rocAucOvr, rocAucScore, rocCurve } from '../../shared/stats/ranking';
import { calibrationCurve, expectedCalibrationError, logLoss } from '../../shared/stats/probability';
import { evaluateClassifier } from '../../shared/stats/evaluate';

const close = (actual: number[], expected: number[], digits = 8) => {
  expect(actual.length).toBe(expected.length);
  actual.forEach((v, i) => (Number.isNaN(expected[i]) ? expect(v).toBeNaN() : expect(v).toBeCloseTo(expected[i], digits)));
};

describe('confusion matrix and accuracy (sklearn docs)', () => {
  it('confusion_matrix docstring examples', () => {
    expect(confusionMatrix([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2]).matrix).toEqual([
      [2, 0, 0],
      [0, 0, 1],
      [1, 0, 2],
    ]);
    const cm = confusionMatrix(['cat', 'ant', 'cat', 'cat', 'ant', 'bird'], ['ant', 'ant', 'cat', 'cat', 'ant', 'cat'], ['ant', 'bird', 'cat']);
    expect(cm.matrix).toEqual([
      [2, 0, 0],
      [0, 0, 1],
      [1, 0, 2],
    ]);
    // Binary: tn, fp, fn, tp = 0, 2, 1, 1 for [0, 1, 0, 1] vs [1, 1, 1, 0].
    expect(confusionMatrix([0, 1, 0, 1], [1, 1, 1, 0]).matrix).toEqual([
      [0, 2],
      [1, 1],
    ]);
  });

  it('accuracy_score([0, 2, 1, 3], [0, 1, 2, 3]) = 0.5', () => {
    expect(accuracy([0, 1, 2, 3], [0, 2, 1, 3])).toBe(0.5);
  });
});

describe('precision / recall / F1 (sklearn precision_score, recall_score, f1_score docs)', () => {
  const yTrue = [0, 1, 2, 0, 1, 2];
  const yPred = [0, 2, 1, 0, 0, 1];
  it('per class and averages', () => {
    const r = classificationReport(yTrue, yPred);
    close(r.precision, [0.66666667, 0, 0]);
    close(r.recall, [1, 0, 0]);
    close(r.f1, [0.8, 0, 0]);
    expect(r.support).toEqual([2, 2, 2]);
    expect(r.macro.precision).toBeCloseTo(0.22222222, 8);
    expect(r.weighted.precision).toBeCloseTo(0.22222222, 8);
    expect(r.micro.precision).toBeCloseTo(0.33333333, 8);
    expect(r.macro.recall).toBeCloseTo(0.33333333, 8);
    expect(r.macro.f1).toBeCloseTo(0.26666667, 8);
    expect(r.weighted.f1).toBeCloseTo(0.26666667, 8);
    expect(r.micro.f1).toBeCloseTo(0.33333333, 8);
  });

  it('zero_division: y_pred all 0 → precision [0.333, 0, 0] / [0.333, 1, 1] / [0.333, nan, nan]', () => {
    const allZero = [0, 0, 0, 0, 0, 0];
    close(classificationReport(yTrue, allZero).precision, [0.33333333, 0, 0]);
    close(classificationReport(yTrue, allZero, { zeroDivision: 1 }).precision, [0.33333333, 1, 1]);
    const nan = classificationReport(yTrue, allZero, { zeroDivision: 'nan' });
    close(nan.precision, [0.33333333, NaN, NaN]);
    // F1 is defined (0) when the class has support: 2tp / (2tp + fp + fn) = 0 / 2.
    close(nan.f1, [0.5, 0, 0]);
    // Macro averages skip NaN (sklearn _nanaverage).
    expect(nan.macro.precision).toBeCloseTo(0.33333333, 8);
  });
});

describe('ROC and precision-recall (sklearn docs)', () => {
  it('roc_curve([1, 1, 2, 2], [0.1, 0.4, 0.35, 0.8], pos_label=2)', () => {
    const r = rocCurve([1, 1, 2, 2], [0.1, 0.4, 0.35, 0.8], { posLabel: 2 });
    expect(r.fpr).toEqual([0, 0, 0.5, 0.5, 1]);
    expect(r.tpr).toEqual([0, 0.5, 0.5, 1, 1]);
    expect(r.thresholds).toEqual([Infinity, 0.8, 0.4, 0.35, 0.1]);
  });

  it('drop_intermediate removes collinear points', () => {
    // Points (fps, tps): (0,1) (0,2) (0,3) (1,3) (2,3) (3,3). sklearn always keeps the first and last and
    // the corner (0,3); (0,2), (1,3), (2,3) have zero second differences in both coordinates.
    const r = rocCurve([1, 1, 1, 0, 0, 0], [0.9, 0.8, 0.7, 0.3, 0.2, 0.1]);
    expect(r.fpr).toEqual([0, 0, 0, 1]);
    expect(r.tpr).toEqual([0, 1 / 3, 1, 1]);
    expect(r.thresholds).toEqual([Infinity, 0.9, 0.7, 0.1]);
    const full = rocCurve([1, 1, 1, 0, 0, 0], [0.9, 0.8, 0.7, 0.3, 0.2, 0.1], { dropIntermediate: false });
    expect(full.fpr.length).toBe(7);
  });

  it('roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) = 0.75; ties count half', () => {
    expect(rocAucScore([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(0.75, 14);
    // sklearn test_ranking ovo toy pairs: roc_auc_score([1, 0, 1, 0], [0.2, 0.6, 0.55, 0.4]) = 1/4 by pair count.
    expect(rocAucScore([1, 0, 1, 0], [0.2, 0.6, 0.55, 0.4])).toBeCloseTo(0.25, 14);
    expect(rocAucScore([0, 1], [0.5, 0.5])).toBeCloseTo(0.5, 14);
    expect(rocAucScore([1, 1], [0.2, 0.3])).toBeNaN();
  });

  it('precision_recall_curve docstring (sklearn >= 1.1)', () => {
    const r = precisionRecallCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
    close(r.precision, [0.5, 0.66666667, 0.5, 1, 1]);
    close(r.recall, [1, 1, 0.5, 0.5, 0]);
    close(r.thresholds, [0.1, 0.35, 0.4, 0.8]);
  });

  it('average_precision_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) = 0.8333', () => {
    expect(averagePrecision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(0.83333333, 8);
  });

  it('multi_class="ovr": sklearn test_multiclass_ovr_roc_auc_toydata', () => {
    const scores = [
      [1.0, 0.0, 0.0],
      [0.1, 0.5, 0.4],
      [0.1, 0.1, 0.8],
      [0.3, 0.3, 0.4],
    ];
    // out_0 = 1, out_1 = 1, out_2 = roc_auc_score([0, 0, 1, 1], [0, 0.4, 0.8, 0.4]) = 3.5 / 4 (one tie).
    for (const [y, labels] of [
      [
        [0, 1, 2, 2],
        [0, 1, 2],
      ],
      [
        ['a', 'b', 'c', 'c'],
        ['a', 'b', 'c'],
      ],
    ] as const) {
      const r = rocAucOvr(y, scores, labels);
      close(r.perClass, [1, 1, 0.875], 14);
      expect(r.macro).toBeCloseTo((1 + 1 + 0.875) / 3, 14);
      expect(r.weighted).toBeCloseTo(1 * 0.25 + 1 * 0.25 + 0.875 * 0.5, 14);
    }
    // Row-major data form gives the same.
    expect(rocAucOvr([0, 1, 2, 2], { data: scores.flat(), columns: 3 }, [0, 1, 2]).macro).toBeCloseTo(0.9583333333, 9);
  });
});

describe('log loss and calibration', () => {
  it('log_loss(["spam", "ham", "ham", "spam"], [[.1, .9], [.9, .1], [.8, .2], [.35, .65]]) = 0.21616', () => {
    const probs = [
      [0.1, 0.9],
      [0.9, 0.1],
      [0.8, 0.2],
      [0.35, 0.65],
    ];
    expect(logLoss(['spam', 'ham', 'ham', 'spam'], probs)).toBeCloseTo(0.21616187, 8);
    // Binary 1-d form: probabilities of the positive (second sorted) class.
    expect(logLoss([1, 0, 0, 1], [0.9, 0.1, 0.2, 0.65])).toBeCloseTo(0.21616187, 8);
    // Clipping at float64 eps: a confident wrong answer costs -ln(eps) = 36.04365338911715.
    expect(logLoss([1], [[1, 0]], { labels: [0, 1] })).toBeCloseTo(36.04365338911715, 10);
  });

  it('calibration_curve docstring: n_bins=3 → prob_true [0, 0.5, 1], prob_pred [0.2, 0.525, 0.85]', () => {
    const yTrue = [0, 0, 0, 0, 1, 1, 1, 1, 1];
    const yPred = [0.1, 0.2, 0.3, 0.4, 0.65, 0.7, 0.8, 0.9, 1.0];
    const c = calibrationCurve(yTrue, yPred, { nBins: 3 });
    close(c.probTrue, [0, 0.5, 1]);
    close(c.probPred, [0.2, 0.525, 0.85]);
    expect(c.counts).toEqual([3, 2, 4]);
  });

  it('edges go to the lower bin (searchsorted left); quantile strategy; ECE by hand', () => {
    const c = calibrationCurve([0, 1, 1, 0], [0.5, 0.5, 1, 0], { nBins: 2 });
    expect(c.counts).toEqual([3, 1]);
    const q = calibrationCurve([0, 0, 1, 1], [0.1, 0.2, 0.3, 0.9], { nBins: 2, strategy: 'quantile' });
    // Median edge 0.25: bins {0.1, 0.2} and {0.3, 0.9}.
    close(q.probPred, [0.15, 0.6]);
    close(q.probTrue, [0, 1]);
    // ECE of the docstring example with 3 bins (counts 3, 2, 4): (3/9)|0 - 0.2| + (2/9)|0.5 - 0.525| + (4/9)|1 - 0.85|.
    const ece = expectedCalibrationError([0, 0, 0, 0, 1, 1, 1, 1, 1], [0.1, 0.2, 0.3, 0.4, 0.65, 0.7, 0.8, 0.9, 1.0], 3);
    expect(ece).toBeCloseTo((3 / 9) * 0.2 + (2 / 9) * 0.025 + (4 / 9) * 0.15, 12);
  });
});

describe('evaluateClassifier', () => {
  it('agrees with the individual metrics', () => {
    const labels = ['a', 'b', 'c'];
    const y = ['a', 'b', 'c', 'c', 'a', 'b', 'c', 'a'];
    const p = [
      [0.7, 0.2, 0.1],
      [0.1, 0.6, 0.3],
      [0.2, 0.2, 0.6],
      [0.5, 0.1, 0.4],
      [0.3, 0.4, 0.3],
      [0.2, 0.5, 0.3],
      [0.1, 0.1, 0.8],
      [0.6, 0.3, 0.1],
    ];
    const e = evaluateClassifier(y, p, labels, { curvePoints: 3 });
    const pred = p.map((row) => labels[row.indexOf(Math.max(...row))]);
    expect(e.accuracy).toBe(accuracy(y, pred));
    expect(e.confusion.matrix).toEqual(confusionMatrix(y, pred, labels).matrix);
    expect(e.report).toEqual(classificationReport(y, pred, { labels }));
    expect(e.logLoss).toBeCloseTo(logLoss(y, p, { labels }), 14);
    const ovr = rocAucOvr(y, p, labels);
    expect(e.rocAucOvr.macro).toBeCloseTo(ovr.macro, 14);
    expect(e.rocAucOvr.weighted).toBeCloseTo(ovr.weighted, 14);
    expect(e.perClass[0].averagePrecision).toBeCloseTo(
      averagePrecision(
        y,
        p.map((r) => r[0]),
        'a',
      ),
      14,
    );
    expect(e.perClass[0].roc?.fpr.length).toBe(3);
    expect(e.ece).toBeGreaterThanOrEqual(0);
  });
});
