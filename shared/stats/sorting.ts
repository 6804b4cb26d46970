// Small array helpers shared by the statistics modules.

/** A sorted Float64Array copy (ascending; NaN last, as typed-array sort puts it). */
export function sortedCopy(values: ArrayLike<number>): Float64Array {
  const out = Float64Array.from(values as ArrayLike<number>);
  out.sort();
  return out;
}

/** A sorted copy without NaN. */
export function sortedFinite(values: ArrayLike<number>): Float64Array {
  const s = sortedCopy(values);
  let end = s.length;
  while (end > 0 && Number.isNaN(s[end - 1])) end--;
  return end === s.length ? s : s.subarray(0, end);
}

/** Number of elements of the ascending array `a` that are <= x (searchsorted side='right'). */
export function countLessOrEqual(a: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Number of distinct values in an ascending array. */
export function countDistinctSorted(a: ArrayLike<number>): number {
  let c = 0;
  for (let i = 0; i < a.length; i++) if (i === 0 || a[i] !== a[i - 1]) c++;
  return c;
}

/** Number of distinct values in the union of two ascending arrays. */
export function countDistinctUnion(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let i = 0;
  let j = 0;
  let c = 0;
  while (i < a.length || j < b.length) {
    const v = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i] : b[j];
    c++;
    while (i < a.length && a[i] === v) i++;
    while (j < b.length && b[j] === v) j++;
  }
  return c;
}

/** Population mean and standard deviation (numpy.std, ddof = 0), two-pass. */
export function meanStd(a: ArrayLike<number>): { mean: number; std: number } {
  const n = a.length;
  if (n === 0) return { mean: NaN, std: NaN };
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i];
  const mean = s / n;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = a[i] - mean;
    ss += d * d;
  }
  return { mean, std: Math.sqrt(ss / n) };
}
