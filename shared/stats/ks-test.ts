// Two-sample Kolmogorov–Smirnov test, two-sided, as scipy.stats.ks_2samp computes it.

import { kstwoSf, twoSampleExact } from './kolmogorov';
import { roundHalfEven } from './special';
import { sortedCopy } from './sorting';

export type KsMethod = 'auto' | 'exact' | 'asymp';

export interface KsResult {
  statistic: number;
  pValue: number;
  /** The method actually used ('auto' resolved). */
  method: 'exact' | 'asymp';
}

/** scipy's MAX_AUTO_N: exact p-values while the larger sample has at most this many values. */
export const KS_MAX_AUTO_N = 10_000;

/** sup |F1 - F2| over two ascending samples. */
export function ksStatisticSorted(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n1 = a.length;
  const n2 = b.length;
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < n1 || j < n2) {
    const v = j >= n2 || (i < n1 && a[i] <= b[j]) ? a[i] : b[j];
    while (i < n1 && a[i] <= v) i++;
    while (j < n2 && b[j] <= v) j++;
    const diff = Math.abs(i / n1 - j / n2);
    if (diff > d) d = diff;
  }
  return d;
}

/** ks_2samp on samples already sorted ascending (no NaN). */
export function ks2sampSorted(a: ArrayLike<number>, b: ArrayLike<number>, method: KsMethod = 'auto'): KsResult {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) throw new Error('ks2samp: both samples must be non-empty');
  let d = ksStatisticSorted(a, b);
  const mode: 'exact' | 'asymp' = method === 'auto' ? (Math.max(n1, n2) <= KS_MAX_AUTO_N ? 'exact' : 'asymp') : method;
  if (mode === 'exact') {
    const r = twoSampleExact(n1, n2, d);
    if (Number.isFinite(r.p)) return { statistic: r.d, pValue: r.p, method: 'exact' };
    d = r.d;
  }
  const m = Math.max(n1, n2);
  const n = Math.min(n1, n2);
  const en = (m * n) / (m + n);
  const p = kstwoSf(roundHalfEven(en), d);
  return { statistic: d, pValue: Math.min(1, Math.max(0, p)), method: 'asymp' };
}

/** Two-sided two-sample KS test (scipy.stats.ks_2samp, method 'auto' by default). */
export function ks2samp(a: ArrayLike<number>, b: ArrayLike<number>, method: KsMethod = 'auto'): KsResult {
  return ks2sampSorted(sortedCopy(a), sortedCopy(b), method);
}
