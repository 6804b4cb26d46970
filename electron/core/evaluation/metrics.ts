import type { ClassMetrics, ConfusionReport, CoreMetrics, EvaluationReport } from '../../../shared/api/calls/evaluation';
import { argmax } from '../../../shared/stats/argmax';
import { evaluateClassifier, type ClassifierEvaluation } from '../../../shared/stats';

/** Class probabilities, one row per evaluated row, columns in the model's class order. */
export type Probabilities = number[][];

const CURVE_POINTS = 200;

/** Arg-max class index per row (first on ties, like the predict worker and numpy). */
export function predictedIndex(probs: Probabilities): Int32Array {
  return Int32Array.from(probs, (p) => argmax(p));
}

/** Binary: the positive class's AUC (what sklearn's roc_auc_score gives); multiclass: OvR macro. */
function headlineAuc(ev: ClassifierEvaluation, positiveIndex: number | null): number {
  return ev.perClass.length === 2 ? ev.perClass[positiveIndex ?? 1].rocAuc : ev.rocAucOvr.macro;
}

export function coreMetrics(ev: ClassifierEvaluation, positiveIndex: number | null): CoreMetrics {
  return {
    count: ev.n,
    accuracy: ev.accuracy,
    precisionMacro: ev.report.macro.precision,
    recallMacro: ev.report.macro.recall,
    f1Macro: ev.report.macro.f1,
    rocAuc: headlineAuc(ev, positiveIndex),
    logLoss: ev.logLoss,
  };
}

/** The same core numbers over a subset of rows (a slice). */
export function subsetMetrics(yTrue: string[], probs: Probabilities, classes: string[], rows: number[], positiveIndex: number | null): CoreMetrics {
  const ev = evaluateClassifier(
    rows.map((i) => yTrue[i]),
    rows.map((i) => probs[i]),
    classes,
  );
  return coreMetrics(ev, positiveIndex);
}

type Headline = Pick<EvaluationReport, 'overall' | 'perClass' | 'confusion' | 'calibration'>;

/** Whole-data metrics, per-class curves (thinned) and the confusion matrix with its rows. */
export function headlineReport(yTrue: string[], probs: Probabilities, classes: string[], rowIndex: number[], positiveIndex: number | null): Headline {
  const ev = evaluateClassifier(yTrue, probs, classes, { curvePoints: CURVE_POINTS });
  const { report } = ev;
  const present = report.recall.filter((_, c) => report.support[c] > 0);
  const perClass: ClassMetrics[] = ev.perClass.map((pc, c) => ({
    label: classes[c],
    precision: report.precision[c],
    recall: report.recall[c],
    f1: report.f1[c],
    support: report.support[c],
    rocAuc: pc.rocAuc,
    averagePrecision: pc.averagePrecision,
    ece: pc.ece,
    calibration: pc.calibration,
    roc: pc.roc!,
    pr: pc.pr!,
  }));
  return {
    overall: {
      ...coreMetrics(ev, positiveIndex),
      // sklearn's balanced_accuracy_score: mean recall over the classes present in y_true.
      balancedAccuracy: present.length ? present.reduce((a, b) => a + b, 0) / present.length : NaN,
      precisionWeighted: report.weighted.precision,
      recallWeighted: report.weighted.recall,
      f1Weighted: report.weighted.f1,
      rocAucWeighted: ev.rocAucOvr.weighted,
      ece: ev.ece,
    },
    perClass,
    confusion: confusionWithRows(yTrue, probs, classes, rowIndex, ev.confusion.matrix),
    calibration: ev.calibration,
  };
}

function confusionWithRows(yTrue: string[], probs: Probabilities, classes: string[], rowIndex: number[], matrix: number[][]): ConfusionReport {
  const k = classes.length;
  const code = new Map(classes.map((c, i) => [c, i]));
  const rows = Array.from({ length: k }, () => Array.from({ length: k }, () => [] as number[]));
  const pred = predictedIndex(probs);
  yTrue.forEach((y, i) => rows[code.get(y)!][pred[i]].push(rowIndex[i]));
  return { labels: [...classes], matrix, rows };
}
