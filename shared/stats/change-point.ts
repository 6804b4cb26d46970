// Change points in the mean of a series: PELT (Killick, Fearnhead & Eckley 2012) with the L2
// cost, the sum of squared deviations from each segment's mean, which is the CUSUM-type cost of a
// mean shift. It returns the segmentation minimizing Σ cost + penalty · (number of change points)
// exactly, as an exhaustive search would, in about linear time.

export interface Segmentation {
  /** Where each new segment starts (0 < b < n), ascending. */
  breaks: number[];
  /** Σ over segments of Σ (y − segment mean)². */
  cost: number;
}

/** Prefix sums of y and y², for O(1) segment costs. */
function prefixes(y: ArrayLike<number>): { s1: Float64Array; s2: Float64Array } {
  const s1 = new Float64Array(y.length + 1);
  const s2 = new Float64Array(y.length + 1);
  for (let i = 0; i < y.length; i++) {
    s1[i + 1] = s1[i] + y[i];
    s2[i + 1] = s2[i] + y[i] * y[i];
  }
  return { s1, s2 };
}

/** Σ (y − mean)² over [a, b); floored at 0 against rounding. */
function l2(p: { s1: Float64Array; s2: Float64Array }, a: number, b: number): number {
  const sum = p.s1[b] - p.s1[a];
  return Math.max(0, p.s2[b] - p.s2[a] - (sum * sum) / (b - a));
}

export function pelt(y: ArrayLike<number>, penalty: number, minSize = 1): Segmentation {
  const n = y.length;
  if (n === 0) return { breaks: [], cost: 0 };
  const p = prefixes(y);
  const f = new Float64Array(n + 1).fill(Infinity);
  const last = new Int32Array(n + 1);
  f[0] = -penalty;
  let candidates: number[] = [0];
  for (let t = minSize; t <= n; t++) {
    const costs = new Map<number, number>();
    for (const s of candidates) {
      if (t - s < minSize) continue;
      const c = f[s] + l2(p, s, t);
      costs.set(s, c);
      if (c + penalty < f[t]) {
        f[t] = c + penalty;
        last[t] = s;
      }
    }
    // A start that can't beat f[t] now never will (the L2 cost only grows with a later end).
    candidates = candidates.filter((s) => !costs.has(s) || costs.get(s)! <= f[t]);
    candidates.push(t);
  }
  const breaks: number[] = [];
  for (let t = last[n]; t > 0; t = last[t]) breaks.unshift(t);
  return { breaks, cost: segmentsCost(y, breaks) };
}

/** The L2 cost of a given segmentation. */
export function segmentsCost(y: ArrayLike<number>, breaks: readonly number[]): number {
  const p = prefixes(y);
  const edges = [0, ...breaks, y.length];
  let c = 0;
  for (let i = 0; i + 1 < edges.length; i++) c += l2(p, edges[i], edges[i + 1]);
  return c;
}

/** Mean of y over [a, b). */
export function segmentMean(y: ArrayLike<number>, a: number, b: number): number {
  let s = 0;
  for (let i = a; i < b; i++) s += y[i];
  return s / (b - a);
}
