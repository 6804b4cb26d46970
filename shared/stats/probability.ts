// Probability-quality metrics: sklearn log_loss and calibration_curve, and expected calibration error.

import { type Label, type ProbabilityMatrix, encodeLabels, probabilityColumns, uniqueLabels } from './labels';

/** numpy.finfo(float64).eps, sklearn's clipping for float64 probabilities (eps='auto', sklearn >= 1.3). */
export const FLOAT64_EPS = 2.220446049250313e-16;

/**
 * sklearn.metrics.log_loss. `probabilities` is a matrix with one column per label (labels sorted as
 * sklearn sorts them, or given), or a single array of positive-class probabilities for a binary target.
 * Probabilities are clipped to [eps, 1 - eps] and not renormalized (sklearn >= 1.5).
 */
export function logLoss(
  yTrue: ArrayLike<Label>,
  probabilities: ProbabilityMatrix | ArrayLike<number>,
  options: { labels?: ReadonlyArray<Label>; eps?: number } = {},
): number {
  const eps = options.eps ?? FLOAT64_EPS;
  const labels = options.labels ? [...options.labels] : uniqueLabels(yTrue);
  const codes = encodeLabels(yTrue, labels);
  let cols: Float64Array[];
  const isVector =
    !('columns' in (probabilities as object)) &&
    (probabilities as ArrayLike<unknown>).length > 0 &&
    typeof (probabilities as ArrayLike<unknown>)[0] === 'number';
  if (isVector) {
    const p = Float64Array.from(probabilities as ArrayLike<number>);
    cols = [p.map((v) => 1 - v), p];
  } else cols = probabilityColumns(probabilities as ProbabilityMatrix);
  if (cols.length === 1) cols = [cols[0].map((v) => 1 - v), cols[0]];
  if (cols.length !== labels.length) throw new Error(`logLoss: ${cols.length} probability columns for ${labels.length} labels`);
  let s = 0;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (c < 0) throw new Error(`logLoss: label ${String(yTrue[i])} is not among the labels`);
    const p = Math.min(1 - eps, Math.max(eps, cols[c][i]));
    s -= Math.log(p);
  }
  return s / codes.length;
}

export interface CalibrationCurve {
  /** Fraction of positives in each non-empty bin. */
  probTrue: number[];
  /** Mean predicted probability in each non-empty bin. */
  probPred: number[];
  /** Samples in each non-empty bin. */
  counts: number[];
  /** The n_bins + 1 bin edges. */
  edges: number[];
}

/** numpy.linspace(0, 1, n + 1): i * (1 / n), the last point exactly 1. */
function linspace01(n: number): number[] {
  const step = 1 / n;
  const out = Array.from({ length: n + 1 }, (_, i) => i * step);
  out[n] = 1;
  return out;
}

/** numpy.percentile (linear interpolation) of an ascending array. */
function percentileSorted(s: Float64Array, q: number): number {
  const pos = (q / 100) * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, s.length - 1);
  const t = pos - lo;
  const d = s[hi] - s[lo];
  // numpy's _lerp: from the nearer end, so that t = 1 gives exactly the upper value.
  return t >= 0.5 ? s[hi] - d * (1 - t) : s[lo] + d * t;
}

/**
 * sklearn.calibration.calibration_curve(y_true, y_prob, n_bins, strategy): bin b holds probabilities p
 * with edges[b] < p <= edges[b+1] (searchsorted over the inner edges), empty bins are dropped.
 * `positive` is 0/1 (or booleans).
 */
export function calibrationCurve(
  positive: ArrayLike<number | boolean>,
  prob: ArrayLike<number>,
  options: { nBins?: number; strategy?: 'uniform' | 'quantile' } = {},
): CalibrationCurve {
  const nBins = options.nBins ?? 5;
  let edges: number[];
  if ((options.strategy ?? 'uniform') === 'quantile') {
    const s = Float64Array.from(prob);
    s.sort();
    edges = linspace01(nBins).map((q) => percentileSorted(s, q * 100));
  } else edges = linspace01(nBins);
  const sums = new Float64Array(nBins);
  const trues = new Float64Array(nBins);
  const totals = new Float64Array(nBins);
  const scale = nBins;
  const uniform = (options.strategy ?? 'uniform') === 'uniform';
  for (let i = 0; i < prob.length; i++) {
    const p = prob[i];
    let b: number;
    if (uniform) {
      b = Math.ceil(p * scale) - 1;
      if (b < 0) b = 0;
      if (b > nBins - 1) b = nBins - 1;
      while (b > 0 && p <= edges[b]) b--;
      while (b < nBins - 1 && p > edges[b + 1]) b++;
    } else {
      let lo = 0;
      let hi = nBins - 1; // searchsorted(edges[1:-1], p, 'left') = number of inner edges < p
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (edges[mid + 1] < p) lo = mid + 1;
        else hi = mid;
      }
      b = lo;
    }
    sums[b] += p;
    trues[b] += positive[i] ? 1 : 0;
    totals[b]++;
  }
  const probTrue: number[] = [];
  const probPred: number[] = [];
  const counts: number[] = [];
  for (let b = 0; b < nBins; b++) {
    if (totals[b] === 0) continue;
    probTrue.push(trues[b] / totals[b]);
    probPred.push(sums[b] / totals[b]);
    counts.push(totals[b]);
  }
  return { probTrue, probPred, counts, edges };
}

/** Expected calibration error over a calibration curve: sum over bins of (count / n) |true - predicted|. */
export function calibrationError(curve: CalibrationCurve): number {
  const n = curve.counts.reduce((a, b) => a + b, 0);
  let e = 0;
  curve.counts.forEach((c, b) => (e += (c / n) * Math.abs(curve.probTrue[b] - curve.probPred[b])));
  return n ? e : NaN;
}

/** ECE of positive-class probabilities with `nBins` uniform bins (default 10). */
export function expectedCalibrationError(positive: ArrayLike<number | boolean>, prob: ArrayLike<number>, nBins = 10): number {
  return calibrationError(calibrationCurve(positive, prob, { nBins }));
}

/**
 * Top-label calibration of a multiclass model: confidence = the largest probability, outcome = whether
 * that class is the true one; returns the reliability curve and its ECE.
 */
export function topLabelCalibration(trueCodes: ArrayLike<number>, columns: ReadonlyArray<Float64Array>, nBins = 10): { curve: CalibrationCurve; ece: number } {
  const n = trueCodes.length;
  const conf = new Float64Array(n);
  const hit = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < columns.length; c++) if (columns[c][i] > columns[best][i]) best = c;
    conf[i] = columns[best][i];
    hit[i] = best === trueCodes[i] ? 1 : 0;
  }
  const curve = calibrationCurve(hit, conf, { nBins });
  return { curve, ece: calibrationError(curve) };
}
