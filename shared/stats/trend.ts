// Monotonic trend of a short series: the Mann-Kendall test (with the tie correction, as
// pymannkendall's original_test) and the Theil-Sen slope (as scipy.stats.theilslopes).

import { quantileSorted } from '../quality/column-profile';
import { sortedCopy } from './sorting';
import { normalSf } from './special';

export interface MannKendall {
  n: number;
  /** Σ sign(x_j − x_i) over i < j. */
  s: number;
  /** Var(S) under no trend, less the ties' share. */
  varS: number;
  /** (S ∓ 1) / √Var(S): the continuity-corrected normal score; 0 when S = 0. */
  z: number;
  /** Two-sided. */
  p: number;
  /** Kendall's tau-a: S over the number of pairs. */
  tau: number;
}

export function mannKendall(y: ArrayLike<number>): MannKendall {
  const n = y.length;
  let s = 0;
  for (let i = 0; i < n - 1; i++) for (let j = i + 1; j < n; j++) s += Math.sign(y[j] - y[i]);
  const sorted = sortedCopy(y);
  let ties = 0;
  for (let i = 0; i < n;) {
    let j = i + 1;
    while (j < n && sorted[j] === sorted[i]) j++;
    const t = j - i;
    ties += t * (t - 1) * (2 * t + 5);
    i = j;
  }
  const varS = (n * (n - 1) * (2 * n + 5) - ties) / 18;
  const z = varS > 0 && s !== 0 ? (s - Math.sign(s)) / Math.sqrt(varS) : 0;
  return { n, s, varS, z, p: 2 * normalSf(Math.abs(z)), tau: n > 1 ? s / ((n * (n - 1)) / 2) : NaN };
}

export interface TheilSen {
  /** Median of the slopes between every two points with different x. */
  slope: number;
  /** median(y) − slope · median(x) (scipy's method='separate'). */
  intercept: number;
}

export function theilSen(x: ArrayLike<number>, y: ArrayLike<number>): TheilSen {
  const slopes: number[] = [];
  for (let i = 0; i < x.length; i++) for (let j = 0; j < x.length; j++) if (x[j] > x[i]) slopes.push((y[j] - y[i]) / (x[j] - x[i]));
  if (slopes.length === 0) return { slope: NaN, intercept: NaN };
  const slope = median(slopes);
  return { slope, intercept: median(y) - slope * median(x) };
}

export function median(values: ArrayLike<number>): number {
  return values.length ? quantileSorted(sortedCopy(values), 0.5) : NaN;
}
