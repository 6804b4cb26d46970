// Label-based classification metrics as sklearn.metrics defines them.

import { type Label, encodeLabels, uniqueLabels } from './labels';

export interface ConfusionMatrix {
  labels: Label[];
  /** matrix[i][j]: samples of true class labels[i] predicted as labels[j]. */
  matrix: number[][];
}

/** sklearn.metrics.confusion_matrix; labels default to the sorted union of both arrays. */
export function confusionMatrix(yTrue: ArrayLike<Label>, yPred: ArrayLike<Label>, labels?: ReadonlyArray<Label>): ConfusionMatrix {
  if (yTrue.length !== yPred.length) throw new Error('confusionMatrix: yTrue and yPred differ in length');
  const ls = labels ? [...labels] : uniqueLabels(yTrue, yPred);
  const t = encodeLabels(yTrue, ls);
  const p = encodeLabels(yPred, ls);
  return { labels: ls, matrix: confusionFromCodes(t, p, ls.length) };
}

/** Confusion matrix from integer codes (codes outside [0, k) are ignored, like labels not listed). */
export function confusionFromCodes(t: ArrayLike<number>, p: ArrayLike<number>, k: number): number[][] {
  const flat = new Float64Array(k * k);
  for (let i = 0; i < t.length; i++) {
    const a = t[i];
    const b = p[i];
    if (a >= 0 && a < k && b >= 0 && b < k) flat[a * k + b]++;
  }
  return Array.from({ length: k }, (_, i) => Array.from(flat.subarray(i * k, (i + 1) * k)));
}

/** sklearn.metrics.accuracy_score. */
export function accuracy(yTrue: ArrayLike<Label>, yPred: ArrayLike<Label>): number {
  if (yTrue.length !== yPred.length) throw new Error('accuracy: yTrue and yPred differ in length');
  let c = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) c++;
  return yTrue.length ? c / yTrue.length : NaN;
}

/** sklearn's zero_division: the value used where a ratio is 0/0 ('nan' for NaN). Default 0 ("warn"). */
export type ZeroDivision = 0 | 1 | 'nan';

export interface AveragedScores {
  precision: number;
  recall: number;
  f1: number;
}

export interface ClassificationReport {
  labels: Label[];
  precision: number[];
  recall: number[];
  f1: number[];
  support: number[];
  macro: AveragedScores;
  weighted: AveragedScores;
  micro: AveragedScores;
}

const ratio = (num: number, den: number, zd: ZeroDivision): number => (den === 0 ? (zd === 'nan' ? NaN : zd) : num / den);

/** Mean ignoring NaN (sklearn _nanaverage); NaN when every value is NaN. */
function nanAverage(values: number[], weights?: number[]): number {
  let s = 0;
  let w = 0;
  values.forEach((v, i) => {
    if (Number.isNaN(v)) return;
    const wi = weights ? weights[i] : 1;
    s += v * wi;
    w += wi;
  });
  if (w === 0) return weights && values.some((v) => !Number.isNaN(v)) ? 0 : NaN;
  return s / w;
}

/** Per-class precision, recall, F1 and support from a confusion matrix, with macro/weighted/micro averages. */
export function reportFromConfusion(cm: ConfusionMatrix, zeroDivision: ZeroDivision = 0): ClassificationReport {
  const k = cm.labels.length;
  const m = cm.matrix;
  const tp: number[] = [];
  const predicted: number[] = [];
  const support: number[] = [];
  for (let i = 0; i < k; i++) {
    tp.push(m[i][i]);
    let row = 0;
    let col = 0;
    for (let j = 0; j < k; j++) {
      row += m[i][j];
      col += m[j][i];
    }
    support.push(row);
    predicted.push(col);
  }
  const precision = tp.map((t, i) => ratio(t, predicted[i], zeroDivision));
  const recall = tp.map((t, i) => ratio(t, support[i], zeroDivision));
  // sklearn >= 1.3: F1 = 2 tp / (2 tp + fp + fn), zero_division only when tp + fp + fn = 0.
  const f1 = tp.map((t, i) => ratio(2 * t, predicted[i] + support[i], zeroDivision));
  const sTp = tp.reduce((a, b) => a + b, 0);
  const sPred = predicted.reduce((a, b) => a + b, 0);
  const sSup = support.reduce((a, b) => a + b, 0);
  return {
    labels: cm.labels,
    precision,
    recall,
    f1,
    support,
    macro: { precision: nanAverage(precision), recall: nanAverage(recall), f1: nanAverage(f1) },
    weighted: { precision: nanAverage(precision, support), recall: nanAverage(recall, support), f1: nanAverage(f1, support) },
    micro: { precision: ratio(sTp, sPred, zeroDivision), recall: ratio(sTp, sSup, zeroDivision), f1: ratio(2 * sTp, sPred + sSup, zeroDivision) },
  };
}

/** sklearn precision_recall_fscore_support for every class plus the averages. */
export function classificationReport(
  yTrue: ArrayLike<Label>,
  yPred: ArrayLike<Label>,
  options: { labels?: ReadonlyArray<Label>; zeroDivision?: ZeroDivision } = {},
): ClassificationReport {
  return reportFromConfusion(confusionMatrix(yTrue, yPred, options.labels), options.zeroDivision ?? 0);
}
