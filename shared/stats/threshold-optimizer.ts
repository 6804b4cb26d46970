// Post-processing for fairness: one decision threshold per sensitive group (predict positive when
// score >= threshold) chosen to maximize accuracy subject to a parity constraint within a tolerance.
// Like Fairlearn's ThresholdOptimizer, but deterministic: no randomized mixing of two thresholds.
//
// Per group, a threshold is equivalent to the number k of top-scored samples predicted positive (only
// k at score boundaries, so ties are never split). Selection rate, TPR and FPR are non-decreasing in k,
// so for a band [L, L + tolerance] each group's admissible k form a contiguous range; the best k in it
// comes from a range-maximum table. Sweeping L over every attainable rate finds the exact optimum for
// demographic parity and TPR parity; equalized odds sweeps a grid of (TPR, FPR) band positions
// (exact while the grid holds every attainable value, see maxBandCandidates).

import { type GroupMetrics, groupMetrics } from './fairness';
import { type Label, compareLabels } from './labels';

export type FairnessConstraint = 'demographic_parity' | 'true_positive_rate_parity' | 'equalized_odds';

export interface ThresholdOptimizerOptions {
  constraint?: FairnessConstraint;
  /** Allowed spread of the constrained rate(s) between groups. Default 0.05. */
  tolerance?: number;
  /** The single threshold the "before" figures use. Default 0.5. */
  baseThreshold?: number;
  posLabel?: Label;
  /** Equalized odds: most band positions tried per rate (evenly over the attainable values). Default 200. */
  maxBandCandidates?: number;
}

export interface GroupThreshold {
  group: Label;
  /** Predict positive when score >= threshold (Infinity: never). */
  threshold: number;
}

export interface OutcomeSummary {
  accuracy: number;
  /** Spread of the constrained rate(s) over the constrained groups (max of TPR and FPR spreads for equalized odds). */
  disparity: number;
  metrics: GroupMetrics;
}

export interface ThresholdOptimizerResult {
  constraint: FairnessConstraint;
  tolerance: number;
  thresholds: GroupThreshold[];
  feasible: boolean;
  before: OutcomeSummary;
  after: OutcomeSummary;
}

interface GroupCurve {
  group: Label;
  n: number;
  pos: number;
  neg: number;
  /** Admissible k (ascending) and, per entry, the threshold, rates and correct count. */
  ks: Int32Array;
  threshold: Float64Array;
  sel: Float64Array;
  tpr: Float64Array;
  fpr: Float64Array;
  correct: Float64Array;
  rmq: RangeMax;
}

/** Sparse table: index of the first maximum over [lo, hi]. */
class RangeMax {
  private readonly levels: Int32Array[] = [];
  constructor(private readonly values: Float64Array) {
    const n = values.length;
    let level = Int32Array.from({ length: n }, (_, i) => i);
    this.levels.push(level);
    for (let w = 1; 2 * w <= n; w *= 2) {
      const prev = level;
      level = new Int32Array(n - 2 * w + 1);
      for (let i = 0; i < level.length; i++) {
        const a = prev[i];
        const b = prev[i + w];
        level[i] = values[b] > values[a] ? b : a;
      }
      this.levels.push(level);
    }
  }
  argmax(lo: number, hi: number): number {
    const len = hi - lo + 1;
    const j = 31 - Math.clz32(len);
    const a = this.levels[j][lo];
    const b = this.levels[j][hi - (1 << j) + 1];
    return this.values[b] > this.values[a] ? b : a;
  }
}

function buildCurve(group: Label, scores: number[], positive: number[]): GroupCurve {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b] - scores[a] || a - b);
  let pos = 0;
  for (const p of positive) pos += p;
  const neg = n - pos;
  const ks: number[] = [0];
  const thr: number[] = [Infinity];
  const tps: number[] = [0];
  let tp = 0;
  for (let k = 1; k <= n; k++) {
    tp += positive[order[k - 1]];
    if (k === n || scores[order[k - 1]] > scores[order[k]]) {
      ks.push(k);
      thr.push(scores[order[k - 1]]);
      tps.push(tp);
    }
  }
  const m = ks.length;
  const sel = new Float64Array(m);
  const tpr = new Float64Array(m);
  const fpr = new Float64Array(m);
  const correct = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const fp = ks[i] - tps[i];
    sel[i] = n ? ks[i] / n : 0;
    tpr[i] = pos ? tps[i] / pos : 0;
    fpr[i] = neg ? fp / neg : 0;
    correct[i] = tps[i] + (neg - fp);
  }
  return { group, n, pos, neg, ks: Int32Array.from(ks), threshold: Float64Array.from(thr), sel, tpr, fpr, correct, rmq: new RangeMax(correct) };
}

const EPS = 1e-12;

/** Index range [lo, hi] of a non-decreasing array with values in [a, b] (lo > hi when empty). */
function band(values: Float64Array, a: number, b: number): [number, number] {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] < a - EPS) lo = mid + 1;
    else hi = mid;
  }
  const start = lo;
  hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] <= b + EPS) lo = mid + 1;
    else hi = mid;
  }
  return [start, lo - 1];
}

function distinctSorted(values: Iterable<number>): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}

function subsample(values: number[], max: number): number[] {
  if (values.length <= max) return values;
  return Array.from({ length: max }, (_, i) => values[Math.round((i * (values.length - 1)) / (max - 1))]);
}

/** Positive predictions (1/0) under per-group thresholds; groups without a threshold use `fallback`. */
export function applyGroupThresholds(
  scores: ArrayLike<number>,
  sensitive: ArrayLike<Label>,
  thresholds: ReadonlyArray<GroupThreshold>,
  fallback = 0.5,
): Uint8Array {
  const map = new Map(thresholds.map((t) => [t.group, t.threshold]));
  const out = new Uint8Array(scores.length);
  for (let i = 0; i < scores.length; i++) out[i] = scores[i] >= (map.get(sensitive[i]) ?? fallback) ? 1 : 0;
  return out;
}

function summarize(yTrue01: Uint8Array, pred: Uint8Array, sensitive: ArrayLike<Label>, constraint: FairnessConstraint): OutcomeSummary {
  const metrics = groupMetrics(yTrue01, pred, sensitive, 1);
  const positives = new Map<Label, number>();
  for (let i = 0; i < yTrue01.length; i++) if (yTrue01[i]) positives.set(sensitive[i], (positives.get(sensitive[i]) ?? 0) + 1);
  type Row = GroupMetrics['byGroup'][number];
  const hasPos = (g: Row) => (positives.get(g.group) ?? 0) > 0;
  const hasNeg = (g: Row) => g.count - (positives.get(g.group) ?? 0) > 0;
  const spread = (key: 'selectionRate' | 'truePositiveRate' | 'falsePositiveRate', keep: (g: Row) => boolean) => {
    const v = metrics.byGroup.filter(keep).map((g) => g[key]);
    return v.length ? Math.max(...v) - Math.min(...v) : 0;
  };
  let disparity: number;
  if (constraint === 'demographic_parity') disparity = spread('selectionRate', () => true);
  else if (constraint === 'true_positive_rate_parity') disparity = spread('truePositiveRate', hasPos);
  else disparity = Math.max(spread('truePositiveRate', hasPos), spread('falsePositiveRate', hasNeg));
  return { accuracy: metrics.overall.accuracy, disparity, metrics };
}

/**
 * Per-group thresholds on `scores` that maximize accuracy while the constrained rate(s) of all groups lie
 * within `tolerance` of each other. Groups without positives (negatives) are not bound by TPR (FPR).
 */
export function optimizeThresholds(
  scores: ArrayLike<number>,
  yTrue: ArrayLike<Label>,
  sensitive: ArrayLike<Label>,
  options: ThresholdOptimizerOptions = {},
): ThresholdOptimizerResult {
  const constraint = options.constraint ?? 'demographic_parity';
  const tol = options.tolerance ?? 0.05;
  const posLabel = options.posLabel ?? 1;
  const n = scores.length;
  if (yTrue.length !== n || sensitive.length !== n) throw new Error('optimizeThresholds: arrays differ in length');
  const y01 = new Uint8Array(n);
  const byGroup = new Map<Label, { s: number[]; p: number[] }>();
  for (let i = 0; i < n; i++) {
    y01[i] = yTrue[i] === posLabel ? 1 : 0;
    let g = byGroup.get(sensitive[i]);
    if (!g) byGroup.set(sensitive[i], (g = { s: [], p: [] }));
    g.s.push(scores[i]);
    g.p.push(y01[i]);
  }
  const curves = [...byGroup.keys()].sort(compareLabels).map((g) => buildCurve(g, byGroup.get(g)!.s, byGroup.get(g)!.p));

  // The rates each group is bound by.
  const boundBy = (c: GroupCurve): Float64Array[] => {
    if (constraint === 'demographic_parity') return [c.sel];
    if (constraint === 'true_positive_rate_parity') return c.pos ? [c.tpr] : [];
    return [c.pos ? c.tpr : null, c.neg ? c.fpr : null].filter((x): x is Float64Array => x !== null);
  };

  let best = -Infinity;
  let bestPick: number[] | null = null;
  const pick = new Array<number>(curves.length);
  const tryBands = (lower1: number, lower2: number) => {
    let total = 0;
    for (let gi = 0; gi < curves.length; gi++) {
      const c = curves[gi];
      let lo = 0;
      let hi = c.ks.length - 1;
      if (constraint === 'equalized_odds') {
        if (c.pos) [lo, hi] = intersect([lo, hi], band(c.tpr, lower1, lower1 + tol));
        if (c.neg) [lo, hi] = intersect([lo, hi], band(c.fpr, lower2, lower2 + tol));
      } else {
        const rates = boundBy(c);
        if (rates.length) [lo, hi] = intersect([lo, hi], band(rates[0], lower1, lower1 + tol));
      }
      if (lo > hi) return;
      const idx = c.rmq.argmax(lo, hi);
      pick[gi] = idx;
      total += c.correct[idx];
    }
    if (total > best) {
      best = total;
      bestPick = pick.slice();
    }
  };

  if (constraint === 'equalized_odds') {
    const max = options.maxBandCandidates ?? 200;
    const a = subsample(distinctSorted(curves.filter((c) => c.pos).flatMap((c) => Array.from(c.tpr))), max);
    const b = subsample(distinctSorted(curves.filter((c) => c.neg).flatMap((c) => Array.from(c.fpr))), max);
    for (const l1 of a.length ? a : [0]) for (const l2 of b.length ? b : [0]) tryBands(l1, l2);
  } else {
    const values = distinctSorted(curves.flatMap((c) => boundBy(c).flatMap((r) => Array.from(r))));
    for (const l of values.length ? values : [0]) tryBands(l, 0);
  }

  const thresholds: GroupThreshold[] = curves.map((c, gi) => ({ group: c.group, threshold: bestPick ? c.threshold[bestPick[gi]] : Infinity }));
  const base = options.baseThreshold ?? 0.5;
  const beforePred = new Uint8Array(n);
  for (let i = 0; i < n; i++) beforePred[i] = scores[i] >= base ? 1 : 0;
  const afterPred = applyGroupThresholds(scores, sensitive, thresholds, base);
  return {
    constraint,
    tolerance: tol,
    thresholds,
    feasible: bestPick !== null,
    before: summarize(y01, beforePred, sensitive, constraint),
    after: summarize(y01, afterPred, sensitive, constraint),
  };
}

function intersect(a: [number, number], b: [number, number]): [number, number] {
  return [Math.max(a[0], b[0]), Math.min(a[1], b[1])];
}
