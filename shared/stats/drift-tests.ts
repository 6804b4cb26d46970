// The individual drift statistics, each as Evidently computes it: checked line by line against the source
// of evidently 0.7.21 (evidently/legacy/calculations/stattests/, which the current presets still call);
// the function each one mirrors is named on it. Golden values: test/reference/.
// Numeric samples are ascending Float64Arrays without NaN; categorical samples come as counts over a
// shared list of categories (see histogram.ts categoryCounts).

import { chiSquareSf, normalSf } from './special';
import { countDistinctSorted, meanStd } from './sorting';
import { type Category, compareCategories, histogramBinEdges, histogramCounts } from './histogram';

export type StatTestName = 'ks' | 'chisquare' | 'z' | 'wasserstein' | 'jensenshannon' | 'psi';

export interface StatTestResult {
  test: StatTestName;
  /** p-value for ks / chisquare / z; a distance for wasserstein / jensenshannon / psi. */
  score: number;
  scoreKind: 'p_value' | 'distance';
  threshold: number;
  drifted: boolean;
}

/** Evidently's default thresholds. */
export const DEFAULT_THRESHOLDS: Record<StatTestName, number> = {
  ks: 0.05,
  chisquare: 0.05,
  z: 0.05,
  wasserstein: 0.1,
  jensenshannon: 0.1,
  psi: 0.1,
};

const sum = (a: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
};

/**
 * Evidently _chi_stat_test (chisquare_stattest.py): expected counts are the reference counts scaled to the current size,
 * p = scipy.stats.chisquare(f_obs=current, f_exp=expected).pvalue with k - 1 degrees of freedom.
 */
export function chiSquarePValue(referenceCounts: ArrayLike<number>, currentCounts: ArrayLike<number>): number {
  const k = referenceCounts.length;
  if (k <= 1) return 1;
  const norm = sum(currentCounts) / sum(referenceCounts);
  let chi = 0;
  for (let i = 0; i < k; i++) {
    const e = referenceCounts[i] * norm;
    const o = currentCounts[i];
    if (e === 0) {
      if (o !== 0) chi = Infinity;
      continue;
    }
    chi += ((o - e) * (o - e)) / e;
  }
  return chiSquareSf(chi, k - 1);
}

/**
 * Evidently _z_stat_test (z_stattest.py): a two-proportion z-test where "success" is any value other than the first
 * category in sorted order; p = 2 (1 - Φ(|z|)). Identical single-valued samples give p = 1.
 */
export function zTestPValue(categories: ReadonlyArray<Category>, referenceCounts: ArrayLike<number>, currentCounts: ArrayLike<number>): number {
  const present = (counts: ArrayLike<number>) => categories.filter((_, i) => counts[i] > 0);
  const rp = present(referenceCounts);
  const cp = present(currentCounts);
  if (rp.length === 1 && cp.length === 1 && rp[0] === cp[0]) return 1;
  let first = 0;
  for (let i = 1; i < categories.length; i++) if (compareCategories(categories[i], categories[first]) < 0) first = i;
  const n1 = sum(referenceCounts);
  const n2 = sum(currentCounts);
  const p1 = (n1 - referenceCounts[first]) / n1;
  const p2 = (n2 - currentCounts[first]) / n2;
  const P = (p1 * n1 + p2 * n2) / (n1 + n2);
  const z = (p1 - p2) / Math.sqrt(P * (1 - P) * (1 / n1 + 1 / n2));
  if (Number.isNaN(z)) return 1;
  return 2 * normalSf(Math.abs(z));
}

/** scipy.stats.wasserstein_distance (first Wasserstein distance) of two ascending samples. */
export function wassersteinDistanceSorted(u: ArrayLike<number>, v: ArrayLike<number>): number {
  const nu = u.length;
  const nv = v.length;
  let i = 0;
  let j = 0;
  let acc = 0;
  let prev = NaN;
  let prevDiff = 0;
  while (i < nu || j < nv) {
    const x = j >= nv || (i < nu && u[i] <= v[j]) ? u[i] : v[j];
    if (!Number.isNaN(prev)) acc += prevDiff * (x - prev);
    while (i < nu && u[i] <= x) i++;
    while (j < nv && v[j] <= x) j++;
    prevDiff = Math.abs(i / nu - j / nv);
    prev = x;
  }
  return acc;
}

/** Evidently _wasserstein_distance_norm: scipy's distance divided by max(std(reference), 0.001) (population std). */
export function wassersteinNormed(referenceSorted: ArrayLike<number>, currentSorted: ArrayLike<number>): number {
  const norm = Math.max(meanStd(referenceSorted).std, 0.001);
  return wassersteinDistanceSorted(referenceSorted, currentSorted) / norm;
}

/**
 * scipy.spatial.distance.jensenshannon(p, q, base): both vectors normalized to sum 1. Without a base the
 * natural log, as Evidently's _jensenshannon calls it (base=None); base 2 would make every score 1.2011x.
 */
export function jensenShannonDistance(p: ArrayLike<number>, q: ArrayLike<number>, base?: number): number {
  const sp = sum(p);
  const sq = sum(q);
  let js = 0;
  for (let i = 0; i < p.length; i++) {
    const a = p[i] / sp;
    const b = q[i] / sq;
    const m = (a + b) / 2;
    if (a > 0) js += a * Math.log(a / m);
    if (b > 0) js += b * Math.log(b / m);
  }
  js /= 2;
  if (base !== undefined) js /= Math.log(base);
  return Math.sqrt(Math.max(js, 0));
}

/** Evidently _psi (psi.py): sum (ref - cur) ln(ref / cur) over get_binned_data shares, zero-filled. */
export function psiFromShares(reference: ArrayLike<number>, current: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < reference.length; i++) s += (reference[i] - current[i]) * Math.log(reference[i] / current[i]);
  return s;
}

/** get_binned_data's feel_zeroes: zeros become min(nonzero)/1e6 when that minimum is <= 1e-4, else 1e-4. */
export function fillZeroes(shares: Float64Array): Float64Array {
  let min = Infinity;
  for (const s of shares) if (s !== 0 && s < min) min = s;
  const fill = min <= 0.0001 ? min / 1e6 : 0.0001;
  return shares.map((s) => (s === 0 ? fill : s));
}

export interface BinnedShares {
  reference: Float64Array;
  current: Float64Array;
  /** Histogram edges when the numeric branch was taken. */
  edges?: Float64Array;
}

/**
 * Evidently get_binned_data for a numeric column: with more than 20 distinct reference values, shares of
 * np.histogram over edges from both samples (bins 'sturges' as current Evidently, or a bin count as
 * older releases); otherwise shares of each distinct value. Inputs ascending, no NaN.
 */
export function binnedNumericShares(
  referenceSorted: Float64Array,
  currentSorted: Float64Array,
  bins: number | 'sturges' = 'sturges',
  fill = true,
): BinnedShares {
  let out: BinnedShares;
  if (countDistinctSorted(referenceSorted) > 20) {
    const edges = histogramBinEdges([referenceSorted, currentSorted], bins);
    const r = histogramCounts(referenceSorted, edges).map((c) => c / referenceSorted.length);
    const c = histogramCounts(currentSorted, edges).map((x) => x / currentSorted.length);
    out = { reference: r, current: c, edges };
  } else {
    const values: number[] = [];
    const rc: number[] = [];
    const cc: number[] = [];
    let i = 0;
    let j = 0;
    while (i < referenceSorted.length || j < currentSorted.length) {
      const v = j >= currentSorted.length || (i < referenceSorted.length && referenceSorted[i] <= currentSorted[j]) ? referenceSorted[i] : currentSorted[j];
      let a = 0;
      let b = 0;
      while (i < referenceSorted.length && referenceSorted[i] === v) {
        i++;
        a++;
      }
      while (j < currentSorted.length && currentSorted[j] === v) {
        j++;
        b++;
      }
      values.push(v);
      rc.push(a / referenceSorted.length);
      cc.push(b / currentSorted.length);
    }
    out = { reference: Float64Array.from(rc), current: Float64Array.from(cc) };
  }
  if (fill) {
    out.reference = fillZeroes(out.reference);
    out.current = fillZeroes(out.current);
  }
  return out;
}

/** Evidently get_binned_data (stattests/utils.py) for categories: shares of each category in each sample. */
export function binnedCategoryShares(referenceCounts: ArrayLike<number>, currentCounts: ArrayLike<number>, fill = true): BinnedShares {
  const nr = sum(referenceCounts);
  const nc = sum(currentCounts);
  let reference: Float64Array = Float64Array.from(referenceCounts as ArrayLike<number>, (x) => x / nr);
  let current: Float64Array = Float64Array.from(currentCounts as ArrayLike<number>, (x) => x / nc);
  if (fill) {
    reference = fillZeroes(reference);
    current = fillZeroes(current);
  }
  return { reference, current };
}
