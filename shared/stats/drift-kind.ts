// Is a change in a monitored series sudden (a shift in its mean at one chunk) or gradual (a
// monotonic trend), or neither? The pipeline trigger and the timeline ask the same question.

import { pelt, segmentMean } from './change-point';
import { mannKendall, median, theilSen, type MannKendall } from './trend';

export interface DriftChange {
  /** The first chunk at the new level. */
  index: number;
  /** The segment means either side of the change. */
  before: number;
  after: number;
  /** after − before. */
  magnitude: number;
}

export interface DriftTrend extends MannKendall {
  /** Theil-Sen, per chunk. */
  slope: number;
  intercept: number;
}

export interface DriftClassification {
  kind: 'sudden' | 'gradual' | 'none';
  /** The largest shift, when sudden. */
  change: DriftChange | null;
  /** Every change point PELT found (empty when the series is not sudden). */
  changePoints: DriftChange[];
  /** Mann-Kendall and Theil-Sen over the series (null under 3 points). */
  trend: DriftTrend | null;
  /** The noise level the penalty was set from, and the penalty (2 σ² ln n, BIC's for a mean shift). */
  sigma: number;
  penalty: number;
}

export interface ClassifyOptions {
  /** The trend test's level (default 0.05). */
  alpha?: number;
  /**
   * A floor for the series' noise σ, which is otherwise estimated from the series itself (the MAD of
   * its first differences / √2, which neither a shift nor a trend moves much): e.g. the spread of
   * the series over reference chunks, or the step of a quantized series.
   */
  noise?: number;
}

/**
 * Classifies a series given per chunk (missing chunks as null or NaN; indices stay the chunks').
 * Sudden: PELT finds change points in the mean, and the piecewise-constant fit (its extra change
 * points penalized) beats the least-squares line. Gradual: otherwise, a Mann-Kendall trend at
 * level alpha. None: neither.
 */
export function classifyDrift(series: readonly (number | null | undefined)[], options: ClassifyOptions = {}): DriftClassification {
  const alpha = options.alpha ?? 0.05;
  const x: number[] = [];
  const y: number[] = [];
  series.forEach((v, i) => {
    if (v !== null && v !== undefined && Number.isFinite(v)) {
      x.push(i);
      y.push(v);
    }
  });
  const n = y.length;
  const sigma = Math.max(noiseOf(y), options.noise ?? 0, 1e-9 * y.reduce((m, v) => Math.max(m, Math.abs(v)), 1));
  const penalty = 2 * sigma * sigma * Math.log(Math.max(n, 2));
  const none: DriftClassification = { kind: 'none', change: null, changePoints: [], trend: null, sigma, penalty };
  if (n < 3) return none;
  const trend = { ...mannKendall(y), ...theilSen(x, y) };
  const { breaks, cost } = pelt(y, penalty);
  const edges = [0, ...breaks, n];
  const changePoints = breaks.map((b, k): DriftChange => {
    const before = segmentMean(y, edges[k], b);
    const after = segmentMean(y, b, edges[k + 2]);
    return { index: x[b], before, after, magnitude: after - before };
  });
  const sudden = (): DriftClassification => ({
    kind: 'sudden',
    change: changePoints.reduce((a, b) => (Math.abs(b.magnitude) > Math.abs(a.magnitude) ? b : a)),
    changePoints,
    trend,
    sigma,
    penalty,
  });
  if (breaks.length > 0 && cost + penalty * (breaks.length - 1) < lineCost(x, y)) return sudden();
  if (trend.p < alpha && trend.slope !== 0) return { ...none, kind: 'gradual', trend };
  // Change points a line explains better, yet no significant trend: the shifts stand.
  if (breaks.length > 0) return sudden();
  return { ...none, trend };
}

/** Robust noise level: 1.4826 · MAD of the first differences, over √2. */
function noiseOf(y: number[]): number {
  if (y.length < 3) return 0;
  const d = y.slice(1).map((v, i) => v - y[i]);
  const m = median(d);
  return (1.4826 * median(d.map((v) => Math.abs(v - m)))) / Math.SQRT2;
}

/** Residual sum of squares of the least-squares line. */
function lineCost(x: number[], y: number[]): number {
  const mx = x.reduce((a, b) => a + b, 0) / x.length;
  const my = y.reduce((a, b) => a + b, 0) / y.length;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
  }
  const b = sxx > 0 ? sxy / sxx : 0;
  return y.reduce((s, v, i) => s + (v - my - b * (x[i] - mx)) ** 2, 0);
}

/** A one-line reading of a classification, values in the series' units (pp for a rate). */
export function describeDrift(c: DriftClassification, unit: 'pp' | 'raw'): string {
  const num = (v: number) => (unit === 'pp' ? `${v >= 0 ? '+' : ''}${(100 * v).toFixed(1)} pp` : `${v >= 0 ? '+' : ''}${Number(v.toPrecision(3))}`);
  const p = (v: number) => (v < 0.001 ? 'p<0.001' : `p=${v.toFixed(3)}`);
  if (c.kind === 'sudden') return `sudden: ${num(c.change!.magnitude)} at chunk ${c.change!.index}`;
  if (c.kind === 'gradual') return `gradual: ${num(c.trend!.slope)}/chunk, ${p(c.trend!.p)}`;
  return c.trend ? `no change (trend ${p(c.trend.p)})` : 'no change (under 3 chunks)';
}
