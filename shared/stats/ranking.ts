// Score-based binary metrics as sklearn.metrics computes them: ROC curve (with drop_intermediate),
// ROC AUC (binary and one-vs-rest), precision-recall curve and average precision.

import { type Label, type ProbabilityMatrix, probabilityColumns } from './labels';

export interface BinaryCurvePoints {
  /** Distinct score thresholds, descending. */
  thresholds: Float64Array;
  /** False / true positives among scores >= each threshold. */
  fps: Float64Array;
  tps: Float64Array;
}

/** Positives as 0/1: `yTrue[i] === posLabel`. */
export function positiveMask(yTrue: ArrayLike<Label>, posLabel: Label = 1): Uint8Array {
  const out = new Uint8Array(yTrue.length);
  for (let i = 0; i < yTrue.length; i++) out[i] = yTrue[i] === posLabel ? 1 : 0;
  return out;
}

/** sklearn _binary_clf_curve, by sorting positive and negative scores separately and merging. */
export function binaryCurvePoints(positive: ArrayLike<number>, scores: ArrayLike<number>): BinaryCurvePoints {
  let np = 0;
  for (let i = 0; i < positive.length; i++) if (positive[i]) np++;
  const pos = new Float64Array(np);
  const neg = new Float64Array(positive.length - np);
  for (let i = 0, a = 0, b = 0; i < positive.length; i++) {
    if (positive[i]) pos[a++] = scores[i];
    else neg[b++] = scores[i];
  }
  pos.sort();
  neg.sort();
  const thresholds: number[] = [];
  const fpsOut: number[] = [];
  const tpsOut: number[] = [];
  let i = pos.length - 1;
  let j = neg.length - 1;
  let tp = 0;
  let fp = 0;
  while (i >= 0 || j >= 0) {
    const v = j < 0 || (i >= 0 && pos[i] >= neg[j]) ? pos[i] : neg[j];
    while (i >= 0 && pos[i] === v) {
      tp++;
      i--;
    }
    while (j >= 0 && neg[j] === v) {
      fp++;
      j--;
    }
    thresholds.push(v);
    tpsOut.push(tp);
    fpsOut.push(fp);
  }
  return { thresholds: Float64Array.from(thresholds), fps: Float64Array.from(fpsOut), tps: Float64Array.from(tpsOut) };
}

export interface RocCurve {
  fpr: number[];
  tpr: number[];
  /** First threshold is +Infinity (sklearn >= 1.3). */
  thresholds: number[];
}

/** sklearn.metrics.roc_curve (drop_intermediate = true by default). */
export function rocCurve(yTrue: ArrayLike<Label>, scores: ArrayLike<number>, options: { posLabel?: Label; dropIntermediate?: boolean } = {}): RocCurve {
  const c = binaryCurvePoints(positiveMask(yTrue, options.posLabel ?? 1), scores);
  let idx = Array.from(c.thresholds, (_, k) => k);
  if ((options.dropIntermediate ?? true) && idx.length > 2) {
    // Keep the ends and every point where the curve bends (second differences not both zero).
    idx = idx.filter(
      (k) => k === 0 || k === idx.length - 1 || c.fps[k - 1] - 2 * c.fps[k] + c.fps[k + 1] !== 0 || c.tps[k - 1] - 2 * c.tps[k] + c.tps[k + 1] !== 0,
    );
  }
  const P = c.tps.length ? c.tps[c.tps.length - 1] : 0;
  const N = c.fps.length ? c.fps[c.fps.length - 1] : 0;
  return {
    fpr: [0, ...idx.map((k) => (N > 0 ? c.fps[k] / N : NaN))],
    tpr: [0, ...idx.map((k) => (P > 0 ? c.tps[k] / P : NaN))],
    thresholds: [Infinity, ...idx.map((k) => c.thresholds[k])],
  };
}

/** Area under the ROC curve from curve points (trapezoids; ties count half). NaN with one class only. */
export function aucFromPoints(c: BinaryCurvePoints): number {
  const n = c.tps.length;
  if (n === 0) return NaN;
  const P = c.tps[n - 1];
  const N = c.fps[n - 1];
  if (P === 0 || N === 0) return NaN;
  let area = 0;
  let pf = 0;
  let pt = 0;
  for (let k = 0; k < n; k++) {
    area += (c.fps[k] - pf) * (c.tps[k] + pt);
    pf = c.fps[k];
    pt = c.tps[k];
  }
  return area / (2 * P * N);
}

/** sklearn.metrics.roc_auc_score for a binary target (NaN where only one class is present). */
export function rocAucScore(yTrue: ArrayLike<Label>, scores: ArrayLike<number>, posLabel: Label = 1): number {
  return aucFromPoints(binaryCurvePoints(positiveMask(yTrue, posLabel), scores));
}

export interface OvrAuc {
  perClass: number[];
  macro: number;
  /** Weighted by each class's prevalence in yTrue. */
  weighted: number;
}

/**
 * roc_auc_score(y, proba, multi_class='ovr') with average 'macro' and 'weighted': column k of the
 * probabilities scores class `labels[k]` against the rest. Classes absent from yTrue give NaN and are
 * left out of the averages (sklearn raises instead).
 */
export function rocAucOvr(yTrue: ArrayLike<Label>, probabilities: ProbabilityMatrix, labels: ReadonlyArray<Label>): OvrAuc {
  const cols = probabilityColumns(probabilities);
  if (cols.length !== labels.length) throw new Error('rocAucOvr: one probability column per label is needed');
  const perClass: number[] = [];
  const prevalence: number[] = [];
  labels.forEach((label, k) => {
    const mask = positiveMask(yTrue, label);
    let p = 0;
    for (let i = 0; i < mask.length; i++) p += mask[i];
    prevalence.push(p);
    perClass.push(aucFromPoints(binaryCurvePoints(mask, cols[k])));
  });
  let m = 0;
  let mc = 0;
  let w = 0;
  let wc = 0;
  perClass.forEach((a, k) => {
    if (Number.isNaN(a)) return;
    m += a;
    mc++;
    w += a * prevalence[k];
    wc += prevalence[k];
  });
  return { perClass, macro: mc ? m / mc : NaN, weighted: wc ? w / wc : NaN };
}

export interface PrecisionRecallCurve {
  /** n + 1 values, the last one 1. */
  precision: number[];
  /** n + 1 values, the last one 0. */
  recall: number[];
  /** n distinct thresholds, ascending. */
  thresholds: number[];
}

/** sklearn.metrics.precision_recall_curve (>= 1.1: every threshold kept, drop_intermediate=False). */
export function precisionRecallCurve(yTrue: ArrayLike<Label>, scores: ArrayLike<number>, posLabel: Label = 1): PrecisionRecallCurve {
  return prFromPoints(binaryCurvePoints(positiveMask(yTrue, posLabel), scores));
}

export function prFromPoints(c: BinaryCurvePoints): PrecisionRecallCurve {
  const n = c.tps.length;
  const P = n ? c.tps[n - 1] : 0;
  const precision: number[] = [];
  const recall: number[] = [];
  const thresholds: number[] = [];
  for (let k = n - 1; k >= 0; k--) {
    const ps = c.tps[k] + c.fps[k];
    precision.push(ps ? c.tps[k] / ps : 0);
    recall.push(P ? c.tps[k] / P : 1);
    thresholds.push(c.thresholds[k]);
  }
  precision.push(1);
  recall.push(0);
  return { precision, recall, thresholds };
}

/** sklearn.metrics.average_precision_score: sum over thresholds of (R_n - R_{n-1}) P_n. */
export function averagePrecision(yTrue: ArrayLike<Label>, scores: ArrayLike<number>, posLabel: Label = 1): number {
  return averagePrecisionFromPoints(binaryCurvePoints(positiveMask(yTrue, posLabel), scores));
}

export function averagePrecisionFromPoints(c: BinaryCurvePoints): number {
  const n = c.tps.length;
  if (n === 0) return NaN;
  const P = c.tps[n - 1];
  if (P === 0) return NaN;
  let ap = 0;
  let prevRecall = 0;
  for (let k = 0; k < n; k++) {
    const r = c.tps[k] / P;
    ap += (r - prevRecall) * (c.tps[k] / (c.tps[k] + c.fps[k]));
    prevRecall = r;
  }
  return ap;
}
