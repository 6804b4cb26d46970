// numpy-compatible histogram binning (np.histogram_bin_edges with an int or 'sturges', np.histogram
// with explicit edges), and the shared-edge histograms the drift report overlays.

export type BinSpec = number | 'sturges';

/** np.histogram_bin_edges(values, bins) over finite values; `values` may be split over several arrays. */
export function histogramBinEdges(samples: ReadonlyArray<ArrayLike<number>>, bins: BinSpec): Float64Array {
  let lo = Infinity;
  let hi = -Infinity;
  let size = 0;
  for (const s of samples) {
    for (let i = 0; i < s.length; i++) {
      const v = s[i];
      if (Number.isNaN(v)) continue;
      size++;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (size === 0) {
    lo = 0;
    hi = 1;
  }
  const ptp = hi - lo;
  if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  let nb: number;
  if (bins === 'sturges') {
    const width = size === 0 ? 0 : ptp / (Math.log2(size) + 1);
    nb = width ? Math.ceil((hi - lo) / width) : 1;
  } else nb = Math.max(1, Math.floor(bins));
  const edges = new Float64Array(nb + 1);
  const step = (hi - lo) / nb;
  for (let i = 0; i < nb; i++) edges[i] = i * step + lo;
  edges[nb] = hi;
  return edges;
}

/** np.histogram(values, edges)[0]: bins [e_i, e_{i+1}), the last one closed; values outside are dropped. */
export function histogramCounts(values: ArrayLike<number>, edges: ArrayLike<number>): Float64Array {
  const nb = edges.length - 1;
  const counts = new Float64Array(nb);
  const first = edges[0];
  const last = edges[nb];
  const scale = nb / (last - first);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(v >= first && v <= last)) continue;
    let k = Math.floor((v - first) * scale);
    if (k >= nb) k = nb - 1;
    if (k < 0) k = 0;
    while (k > 0 && v < edges[k]) k--;
    while (k < nb - 1 && v >= edges[k + 1]) k++;
    counts[k]++;
  }
  return counts;
}

export interface SharedHistogram {
  edges: number[];
  reference: number[];
  current: number[];
  /** Counts divided by each sample's size (finite values only). */
  referenceShare: number[];
  currentShare: number[];
}

const finiteCount = (a: ArrayLike<number>): number => {
  let c = 0;
  for (let i = 0; i < a.length; i++) if (!Number.isNaN(a[i])) c++;
  return c;
};

/** Histograms of reference and current on the same edges (from both samples), for the overlay chart. */
export function sharedHistogram(reference: ArrayLike<number>, current: ArrayLike<number>, bins: BinSpec = 'sturges'): SharedHistogram {
  const edges = histogramBinEdges([reference, current], bins);
  const r = histogramCounts(reference, edges);
  const c = histogramCounts(current, edges);
  const nr = finiteCount(reference) || 1;
  const nc = finiteCount(current) || 1;
  return {
    edges: Array.from(edges),
    reference: Array.from(r),
    current: Array.from(c),
    referenceShare: Array.from(r, (x) => x / nr),
    currentShare: Array.from(c, (x) => x / nc),
  };
}

export type Category = string | number | boolean;

export interface CategoryCounts {
  categories: Category[];
  reference: number[];
  current: number[];
}

export function compareCategories(a: Category, b: Category): number {
  if (typeof a === typeof b) return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return String(a) < String(b) ? -1 : 1;
}

/** Value counts of both samples over the sorted union of their categories (null/undefined/NaN dropped). */
export function categoryCounts(reference: ReadonlyArray<Category | null | undefined>, current: ReadonlyArray<Category | null | undefined>): CategoryCounts {
  const index = new Map<Category, number>();
  const ref: number[] = [];
  const cur: number[] = [];
  const add = (values: ReadonlyArray<Category | null | undefined>, target: number[], other: number[]) => {
    for (const v of values) {
      if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) continue;
      let k = index.get(v);
      if (k === undefined) {
        k = index.size;
        index.set(v, k);
        target.push(0);
        other.push(0);
      }
      target[k]++;
    }
  };
  add(reference, ref, cur);
  add(current, cur, ref);
  // Sorted like pandas/numpy would sort them: numbers numerically, strings by code point.
  const keys = [...index.keys()];
  const order = keys.map((_, i) => i).sort((a, b) => compareCategories(keys[a], keys[b]));
  return { categories: order.map((i) => keys[i]), reference: order.map((i) => ref[i]), current: order.map((i) => cur[i]) };
}
