// One call for the evaluation report of a probabilistic classifier: every classification metric over
// integer-coded predictions, computed once per class column.

import { type ClassificationReport, type ConfusionMatrix, confusionFromCodes, reportFromConfusion, type ZeroDivision } from './classification';
import { type Label, type ProbabilityMatrix, encodeLabels, probabilityColumns } from './labels';
import { type CalibrationCurve, calibrationCurve, calibrationError, FLOAT64_EPS, topLabelCalibration } from './probability';
import { type PrecisionRecallCurve, type RocCurve, aucFromPoints, averagePrecisionFromPoints, binaryCurvePoints, prFromPoints } from './ranking';

export interface ClassEvaluation {
  label: Label;
  rocAuc: number;
  averagePrecision: number;
  /** One-vs-rest calibration of this class's probability. */
  calibration: CalibrationCurve;
  ece: number;
  roc?: RocCurve;
  pr?: PrecisionRecallCurve;
}

export interface ClassifierEvaluation {
  n: number;
  accuracy: number;
  confusion: ConfusionMatrix;
  report: ClassificationReport;
  logLoss: number;
  rocAucOvr: { macro: number; weighted: number };
  perClass: ClassEvaluation[];
  /** Top-label reliability curve and its expected calibration error. */
  calibration: CalibrationCurve;
  ece: number;
}

export interface EvaluateOptions {
  /** Bins of the calibration curves (uniform). Default 10. */
  calibrationBins?: number;
  zeroDivision?: ZeroDivision;
  /** Include full ROC / PR curves (downsampled to at most this many points each). Default 0: none. */
  curvePoints?: number;
}

/** Every array of the curve cut down to at most `max` evenly spaced points (ends kept). */
function thin<T extends object>(curve: T, max: number): T {
  const out: Record<string, number[]> = {};
  for (const [k, v] of Object.entries(curve) as [string, number[]][]) {
    const n = v.length;
    if (n <= max || max < 2) out[k] = v;
    else out[k] = Array.from({ length: max }, (_, i) => v[Math.round((i * (n - 1)) / (max - 1))]);
  }
  return out as T;
}

/**
 * Evaluate class probabilities against true labels. Column k of `probabilities` belongs to `labels[k]`;
 * predictions are the arg-max column (first on ties, like numpy.argmax).
 */
export function evaluateClassifier(
  yTrue: ArrayLike<Label>,
  probabilities: ProbabilityMatrix,
  labels: ReadonlyArray<Label>,
  options: EvaluateOptions = {},
): ClassifierEvaluation {
  const cols = probabilityColumns(probabilities);
  const k = labels.length;
  if (cols.length !== k) throw new Error(`evaluateClassifier: ${cols.length} probability columns for ${k} labels`);
  const codes = encodeLabels(yTrue, labels);
  const n = codes.length;
  const pred = new Int32Array(n);
  let correct = 0;
  let loss = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (cols[c][i] > cols[best][i]) best = c;
    pred[i] = best;
    const t = codes[i];
    if (t < 0) throw new Error(`evaluateClassifier: label ${String(yTrue[i])} is not among the labels`);
    if (best === t) correct++;
    loss -= Math.log(Math.min(1 - FLOAT64_EPS, Math.max(FLOAT64_EPS, cols[t][i])));
  }
  const confusion: ConfusionMatrix = { labels: [...labels], matrix: confusionFromCodes(codes, pred, k) };
  const report = reportFromConfusion(confusion, options.zeroDivision ?? 0);
  const bins = options.calibrationBins ?? 10;
  const perClass: ClassEvaluation[] = [];
  const mask = new Uint8Array(n);
  let macro = 0;
  let macroN = 0;
  let weighted = 0;
  let weightN = 0;
  for (let c = 0; c < k; c++) {
    let p = 0;
    for (let i = 0; i < n; i++) p += mask[i] = codes[i] === c ? 1 : 0;
    const points = binaryCurvePoints(mask, cols[c]);
    const auc = aucFromPoints(points);
    if (!Number.isNaN(auc)) {
      macro += auc;
      macroN++;
      weighted += auc * p;
      weightN += p;
    }
    const calibration = calibrationCurve(mask, cols[c], { nBins: bins });
    const entry: ClassEvaluation = {
      label: labels[c],
      rocAuc: auc,
      averagePrecision: averagePrecisionFromPoints(points),
      calibration,
      ece: calibrationError(calibration),
    };
    if (options.curvePoints) {
      const N = points.fps[points.fps.length - 1];
      const P = points.tps[points.tps.length - 1];
      entry.roc = thin(
        { fpr: [0, ...Array.from(points.fps, (v) => v / N)], tpr: [0, ...Array.from(points.tps, (v) => v / P)], thresholds: [Infinity, ...points.thresholds] },
        options.curvePoints,
      );
      entry.pr = thin(prFromPoints(points), options.curvePoints);
    }
    perClass.push(entry);
  }
  const top = topLabelCalibration(codes, cols, bins);
  return {
    n,
    accuracy: n ? correct / n : NaN,
    confusion,
    report,
    logLoss: loss / n,
    rocAucOvr: { macro: macroN ? macro / macroN : NaN, weighted: weightN ? weighted / weightN : NaN },
    perClass,
    calibration: top.curve,
    ece: top.ece,
  };
}
