import { histogramBinEdges, histogramCounts } from '../stats/histogram';

// Per-column profile of a table, as a data-quality report shows it: type, missing share,
// distinct values, and for numbers min/max/mean/std/quantiles, a histogram and outliers.

export type Cell = string | number | null;

export interface NumericProfile {
  min: number;
  max: number;
  mean: number;
  std: number;
  /** 5%, 25%, 50%, 75%, 95%, with linear interpolation (numpy's default). */
  quantiles: { q: number; value: number }[];
  histogram: { edges: number[]; counts: number[] };
  /** Outside [Q1 - 1.5 IQR, Q3 + 1.5 IQR] (Tukey's fences): row indices, first 100. */
  outliers: { count: number; rows: number[]; low: number; high: number };
}

export interface ColumnProfile {
  name: string;
  type: string;
  count: number;
  missing: number;
  missingShare: number;
  distinct: number;
  numeric: NumericProfile | null;
  /** Most frequent values of a categorical column (top 20). */
  top: { value: string; count: number }[] | null;
}

const QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95];

/** numpy.quantile's default (linear) on sorted values. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function profileColumn(name: string, type: string, values: readonly Cell[]): ColumnProfile {
  // Loops over the values, no object per value: a million-row column profiles in a few MB.
  let missing = 0;
  const seen = new Set<Cell>();
  for (const v of values) {
    if (v === null) missing++;
    else seen.add(v);
  }
  const base = { name, type, count: values.length, missing, missingShare: values.length ? missing / values.length : 0, distinct: seen.size };
  if (type !== 'numeric') {
    const counts = new Map<string, number>();
    for (const v of values) if (v !== null) counts.set(String(v), (counts.get(String(v)) ?? 0) + 1);
    const top = [...counts]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, 20)
      .map(([value, count]) => ({ value, count }));
    return { ...base, numeric: null, top };
  }
  const finite = (v: Cell): v is number => typeof v === 'number' && Number.isFinite(v);
  let n = 0;
  for (const v of values) if (finite(v)) n++;
  if (n === 0) return { ...base, numeric: null, top: null };
  const sorted = new Float64Array(n);
  n = 0;
  for (const v of values) if (finite(v)) sorted[n++] = v;
  sorted.sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  const mean = sum / sorted.length;
  let sq = 0;
  for (const v of sorted) sq += (v - mean) ** 2;
  const std = sorted.length > 1 ? Math.sqrt(sq / (sorted.length - 1)) : 0;
  const q1 = quantileSorted(sorted, 0.25);
  const q3 = quantileSorted(sorted, 0.75);
  const low = q1 - 1.5 * (q3 - q1);
  const high = q3 + 1.5 * (q3 - q1);
  let outliers = 0;
  const outlierRows: number[] = [];
  for (let row = 0; row < values.length; row++) {
    const v = values[row];
    if (!finite(v) || (v >= low && v <= high)) continue;
    outliers++;
    if (outlierRows.length < 100) outlierRows.push(row);
  }
  const edges = histogramBinEdges([sorted], 'sturges');
  return {
    ...base,
    numeric: {
      min: sorted[0],
      max: sorted[sorted.length - 1],
      mean,
      std,
      quantiles: QUANTILES.map((q) => ({ q, value: quantileSorted(sorted, q) })),
      histogram: { edges: Array.from(edges), counts: Array.from(histogramCounts(sorted, edges)) },
      outliers: { count: outliers, rows: outlierRows, low, high },
    },
    top: null,
  };
}
