// Confident learning (Northcutt, Jiang & Chuang, JAIR 2021) as cleanlab 2.x implements it:
// per-class thresholds, the confident joint (`count.compute_confident_joint`, calibrated by
// `count.calibrate_confident_joint`), `count.estimate_joint`, `count.estimate_latent` and
// `filter.find_label_issues` (filter_by 'prune_by_noise_rate' default, 'prune_by_class', 'both',
// 'confident_learning', 'predicted_neq_given'), ranked by `rank.get_label_quality_scores`.
//
// Every step follows cleanlab's arithmetic, including numpy's round-half-to-even in
// `round_preserving_sum` and the integer truncation in `_keep_at_least_n_per_class`. The one place
// that can differ is the order of *tied* scores: numpy's default argsort (introsort) does not define
// it for arrays longer than 16; here ties always go to the lower item index. Matrices are K x K
// `number[][]` (rows: given label, columns: guessed true label); everything of length N is typed.

import { rowArgmax, type ProbMatrix } from './probs';

export type Labels = Int32Array | readonly number[];
export type Matrix = number[][];
export type FilterBy = 'prune_by_noise_rate' | 'prune_by_class' | 'both' | 'confident_learning' | 'predicted_neq_given';
export type QualityMethod = 'self_confidence' | 'normalized_margin';

// cleanlab/internal/constants.py
const FLOATING_POINT_COMPARISON = 1e-6;
const CONFIDENT_THRESHOLDS_LOWER_BOUND = 2 * FLOATING_POINT_COMPARISON;
const TINY_VALUE = 1e-100;
const BIG_VALUE = 2;

function check(labels: Labels, p: ProbMatrix): void {
  if (labels.length !== p.n) throw new Error(`labels (${labels.length}) and pred_probs rows (${p.n}) differ`);
  if (p.data.length !== p.n * p.k) throw new Error('pred_probs data does not match n x k');
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i];
    if (!Number.isInteger(l) || l < 0 || l >= p.k) throw new Error(`label ${l} at ${i} is outside 0..${p.k - 1}`);
  }
}

function zeros(K: number): Matrix {
  return Array.from({ length: K }, () => new Array<number>(K).fill(0));
}

export function labelCounts(labels: Labels, K: number): Float64Array {
  const c = new Float64Array(K);
  for (let i = 0; i < labels.length; i++) c[labels[i]]++;
  return c;
}

/** Mean self-confidence per given class (`count.get_confident_thresholds`); 2 for a class nobody has, clipped below at 2e-6. */
export function getConfidentThresholds(labels: Labels, p: ProbMatrix): Float64Array {
  check(labels, p);
  const K = p.k;
  const sum = new Float64Array(K);
  const cnt = new Float64Array(K);
  for (let i = 0; i < p.n; i++) {
    const l = labels[i];
    sum[l] += p.data[i * K + l];
    cnt[l]++;
  }
  const t = new Float64Array(K);
  for (let k = 0; k < K; k++) t[k] = Math.max(cnt[k] ? sum[k] / cnt[k] : BIG_VALUE, CONFIDENT_THRESHOLDS_LOWER_BOUND);
  return t;
}

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** cleanlab `internal.util.round_preserving_sum`: round to integers keeping the (rounded) total. */
export function roundPreservingSum(floats: readonly number[]): number[] {
  const ints = floats.map(roundHalfEven);
  const origSum = roundHalfEven(floats.reduce((a, b) => a + b, 0));
  let intSum = roundHalfEven(ints.reduce((a, b) => a + b, 0));
  while (Math.abs(intSum - origSum) > FLOATING_POINT_COMPARISON) {
    const diff = roundHalfEven(origSum - intSum);
    const increment = diff < 0 ? -1 : 1;
    const changes = Math.min(Math.abs(diff), floats.length);
    // argsort(floats - ints) ascending (stable), reversed when incrementing.
    const order = floats.map((_, i) => i).sort((a, b) => floats[a] - ints[a] - (floats[b] - ints[b]) || a - b);
    if (increment === 1) order.reverse();
    for (const i of order.slice(0, changes)) ints[i] += increment;
    intSum = roundHalfEven(ints.reduce((a, b) => a + b, 0));
  }
  return ints;
}

/** Scales each row to the given-label count and the total to N, then rounds keeping row totals (`count.calibrate_confident_joint`). */
export function calibrateConfidentJoint(cj: Matrix, counts: Float64Array): Matrix {
  const K = cj.length;
  const out = cj.map((row, k) => {
    const s = Math.max(
      row.reduce((a, b) => a + b, 0),
      TINY_VALUE,
    );
    return row.map((v) => (v / s) * counts[k]);
  });
  const total = out.reduce((a, r) => a + r.reduce((x, y) => x + y, 0), 0);
  const n = counts.reduce((a, b) => a + b, 0);
  for (let k = 0; k < K; k++) for (let j = 0; j < K; j++) out[k][j] = (out[k][j] / Math.max(total, TINY_VALUE)) * n;
  return out.map(roundPreservingSum);
}

export interface ConfidentJoint {
  /** K x K counts: [given label][guessed true label]. Calibrated unless `calibrate: false`. */
  confidentJoint: Matrix;
  /** Items counted off the diagonal of the (uncalibrated) confident joint, ascending. */
  offDiagonalIndices: Int32Array;
  thresholds: Float64Array;
}

/**
 * `count.compute_confident_joint`: an item counts toward true class j when p_j >= t_j - 1e-6; with
 * several such classes, the argmax of the row. Diagonal clipped to at least 1; then calibrated.
 */
export function computeConfidentJoint(labels: Labels, p: ProbMatrix, opts: { thresholds?: ArrayLike<number>; calibrate?: boolean } = {}): ConfidentJoint {
  check(labels, p);
  const K = p.k;
  const thresholds = opts.thresholds ? Float64Array.from(opts.thresholds) : getConfidentThresholds(labels, p);
  const cj = zeros(K);
  const off: number[] = [];
  for (let i = 0; i < p.n; i++) {
    const o = i * K;
    let first = -1;
    let confident = 0;
    for (let j = 0; j < K; j++) {
      if (p.data[o + j] >= thresholds[j] - FLOATING_POINT_COMPARISON) {
        if (first < 0) first = j;
        confident++;
      }
    }
    if (!confident) continue;
    const guess = confident > 1 ? rowArgmax(p, i) : first;
    cj[labels[i]][guess]++;
    if (guess !== labels[i]) off.push(i);
  }
  for (let k = 0; k < K; k++) cj[k][k] = Math.max(cj[k][k], 1);
  const confidentJoint = opts.calibrate === false ? cj : calibrateConfidentJoint(cj, labelCounts(labels, K));
  return { confidentJoint, offDiagonalIndices: Int32Array.from(off), thresholds };
}

/** The confusion matrix [given][argmax] used as a confident joint (`filter.find_label_issues_using_argmax_confusion_matrix`). */
export function argmaxConfusionJoint(labels: Labels, p: ProbMatrix, opts: { calibrate?: boolean } = {}): Matrix {
  check(labels, p);
  const cj = zeros(p.k);
  for (let i = 0; i < p.n; i++) cj[labels[i]][rowArgmax(p, i)]++;
  return opts.calibrate === false ? cj : calibrateConfidentJoint(cj, labelCounts(labels, p.k));
}

/** `count.estimate_joint`: the calibrated confident joint normalized to sum to 1. */
export function estimateJoint(labels: Labels, p: ProbMatrix, opts: { confidentJoint?: Matrix } = {}): Matrix {
  const cj = opts.confidentJoint ? calibrateConfidentJoint(opts.confidentJoint, labelCounts(labels, p.k)) : computeConfidentJoint(labels, p).confidentJoint;
  const s = Math.max(
    cj.reduce((a, r) => a + r.reduce((x, y) => x + y, 0), 0),
    TINY_VALUE,
  );
  return cj.map((r) => r.map((v) => v / s));
}

function clipValues(x: number[], low: number, high: number, newSum: number): number[] {
  const c = x.map((v) => Math.min(Math.max(v, low), high));
  const s = Math.max(
    c.reduce((a, b) => a + b, 0),
    TINY_VALUE,
  );
  return c.map((v) => (v * newSum) / s);
}

/** `internal.util.clip_noise_rates`: off-diagonals into [0, 0.9999], columns renormalized to 1. */
function clipNoiseRates(m: Matrix): Matrix {
  const K = m.length;
  const out = m.map((r, a) => r.map((v, b) => (a === b ? v : Math.min(Math.max(v, 0), 0.9999))));
  for (let b = 0; b < K; b++) {
    let s = 0;
    for (let a = 0; a < K; a++) s += out[a][b];
    s = Math.max(s, TINY_VALUE);
    for (let a = 0; a < K; a++) out[a][b] /= s;
  }
  return out;
}

export interface LatentEstimates {
  /** P(true label = k), py_method 'cnt'. */
  py: number[];
  /** P(given = row | true = column); columns sum to 1. */
  noiseMatrix: Matrix;
  /** P(true = row | given = column); columns sum to 1. */
  inverseNoiseMatrix: Matrix;
}

/** `count.estimate_latent(confident_joint, labels, py_method='cnt', converge_latent_estimates=False)`. */
export function estimateLatent(confidentJoint: Matrix, labels: Labels): LatentEstimates {
  const K = confidentJoint.length;
  const counts = labelCounts(labels, K);
  const ps = Array.from(counts, (c) => c / labels.length);
  const rowSums = confidentJoint.map((r) => r.reduce((a, b) => a + b, 0));
  const colSums = confidentJoint[0].map((_, j) => confidentJoint.reduce((a, r) => a + r[j], 0));
  const nm = confidentJoint.map((r) => r.map((v, j) => v / Math.max(colSums[j], TINY_VALUE)));
  const inv = zeros(K);
  for (let a = 0; a < K; a++) for (let b = 0; b < K; b++) inv[a][b] = confidentJoint[b][a] / Math.max(rowSums[b], TINY_VALUE);
  const py = clipValues(
    ps.map((s, k) => (inv[k][k] / nm[k][k]) * s),
    1e-5,
    1,
    1,
  );
  return { py, noiseMatrix: clipNoiseRates(nm), inverseNoiseMatrix: clipNoiseRates(inv) };
}

/** `filter._keep_at_least_n_per_class` followed by `_reduce_prune_counts`, in confident-joint orientation. */
export function pruneCounts(confidentJoint: Matrix, minExamplesPerClass = 1, fracNoise = 1): Matrix {
  const K = confidentJoint.length;
  return confidentJoint.map((row, k) => {
    const diag = row[k];
    const newDiag = Math.max(diag, minExamplesPerClass);
    const diff = newDiag - diag;
    let nnz = 0;
    for (const v of row) if (v !== 0) nnz++;
    const per = diff / Math.max(nnz - 1, 1);
    const adj = row.map((v, j) => (j === k ? newDiag : Math.max(v - per, 0)));
    let moved = 0;
    const out = adj.map((v, j) => {
      if (j === k) return v;
      const r = v * fracNoise;
      moved += v - r;
      return r;
    });
    out[k] = newDiag + moved;
    for (let j = 0; j < K; j++) out[j] = Math.trunc(out[j]);
    return out;
  });
}

/** `rank.get_label_quality_scores` for one method; lower = more likely mislabeled. */
export function getLabelQualityScores(labels: Labels, p: ProbMatrix, opts: { method?: QualityMethod; adjustPredProbs?: boolean } = {}): Float64Array {
  check(labels, p);
  const K = p.k;
  let data: ArrayLike<number> = p.data;
  if (opts.adjustPredProbs) {
    // internal.label_quality_utils._subtract_confident_thresholds
    const t = getConfidentThresholds(labels, p);
    const tmax = Math.max(...t);
    const adj = new Float64Array(p.n * K);
    for (let i = 0; i < p.n; i++) {
      let s = 0;
      for (let j = 0; j < K; j++) s += adj[i * K + j] = p.data[i * K + j] - t[j] + tmax;
      for (let j = 0; j < K; j++) adj[i * K + j] /= s;
    }
    data = adj;
  }
  const out = new Float64Array(p.n);
  const method = opts.method ?? 'self_confidence';
  for (let i = 0; i < p.n; i++) {
    const o = i * K;
    const self = data[o + labels[i]];
    if (method === 'self_confidence') {
      out[i] = self;
      continue;
    }
    let other = -Infinity;
    for (let j = 0; j < K; j++) if (j !== labels[i] && data[o + j] > other) other = data[o + j];
    out[i] = (self - (K > 1 ? other : 0) + 1) / 2;
  }
  return out;
}

/** Indices of `mask` sorted by label quality (worst first; ties by index) — `rank.order_label_issues`. */
export function orderLabelIssues(mask: Uint8Array, labels: Labels, p: ProbMatrix, rankBy: QualityMethod = 'self_confidence'): Int32Array {
  const scores = getLabelQualityScores(labels, p, { method: rankBy });
  const idx: number[] = [];
  for (let i = 0; i < mask.length; i++) if (mask[i]) idx.push(i);
  return Int32Array.from(idx).sort((a, b) => scores[a] - scores[b] || a - b);
}

export interface LabelIssueOptions {
  filterBy?: FilterBy;
  /** Classes with at most this many items are never pruned (cleanlab default 1). */
  minExamplesPerClass?: number;
  /** Return only this fraction of the noise in each cell (cleanlab default 1). */
  fracNoise?: number;
  /** Use this K x K joint instead of computing the confident joint (ignored for 'confident_learning', as in cleanlab). */
  confidentJoint?: Matrix;
  rankBy?: QualityMethod;
}

export interface LabelIssues {
  /** 1 where the label is likely wrong. */
  mask: Uint8Array;
  /** Flagged indices, worst label quality first. */
  issues: Int32Array;
  confidentJoint: Matrix;
  /** Items to prune per [given][true] cell after `min_examples_per_class` and `frac_noise` (diagonal: items kept). */
  pruneCounts: Matrix;
  /** Items actually selected per off-diagonal cell by 'prune_by_noise_rate' (before the argmax == given rule). */
  prunedPerCell: Matrix;
  /** How many the chosen filter flagged in total, before removing items whose argmax is their given label. */
  flaggedBeforeArgmaxRule: number;
}

/** Items grouped by given label: `order[start[k] .. start[k+1])` are the items labeled k, ascending. */
function groupByLabel(labels: Labels, K: number): { order: Int32Array; start: Int32Array } {
  const start = new Int32Array(K + 1);
  for (let i = 0; i < labels.length; i++) start[labels[i] + 1]++;
  for (let k = 0; k < K; k++) start[k + 1] += start[k];
  const pos = start.slice(0, K);
  const order = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) order[pos[labels[i]]++] = i;
  return { order, start };
}

/** The `r`-th largest value (0-based) of `a`, by in-place quickselect (reorders `a`). */
function nthLargest(a: Float64Array, r: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    // Median of three as pivot.
    const x = a[lo];
    const y = a[mid];
    const z = a[hi];
    const pivot = x > y ? (y > z ? y : x > z ? z : x) : x > z ? x : y > z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] > pivot) i++;
      while (a[j] < pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (r <= j) hi = j;
    else if (r >= i) lo = i;
    else return a[r];
  }
  return a[r];
}

/**
 * Marks the `take` members with the largest key — what `argsort(-key)[:take]` picks, with ties at the
 * cut going to the lower index. O(m) by selection instead of a full sort.
 */
function markTop(members: Int32Array, key: Float64Array, take: number, mark: Uint8Array, scratch: Float64Array): void {
  const m = members.length;
  if (take <= 0) return;
  if (take >= m) {
    for (let a = 0; a < m; a++) mark[members[a]] = 1;
    return;
  }
  const work = scratch.subarray(0, m);
  work.set(key);
  const cut = nthLargest(work, take - 1);
  let above = 0;
  for (let a = 0; a < m; a++) if (key[a] > cut) above++;
  let atCut = take - above;
  for (let a = 0; a < m; a++) {
    if (key[a] > cut) mark[members[a]] = 1;
    else if (key[a] === cut && atCut > 0) {
      mark[members[a]] = 1;
      atCut--;
    }
  }
}

/** `filter.find_label_issues` for multi-class labels and out-of-fold `pred_probs`. */
export function findLabelIssues(labels: Labels, p: ProbMatrix, opts: LabelIssueOptions = {}): LabelIssues {
  check(labels, p);
  const K = p.k;
  const N = p.n;
  const filterBy = opts.filterBy ?? 'prune_by_noise_rate';
  const minN = opts.minExamplesPerClass ?? 1;
  const computed = !opts.confidentJoint || filterBy === 'confident_learning' ? computeConfidentJoint(labels, p) : null;
  const confidentJoint = computed ? computed.confidentJoint : opts.confidentJoint!;
  const prune = pruneCounts(confidentJoint, minN, opts.fracNoise ?? 1);
  const prunedPerCell = zeros(K);
  let mask = new Uint8Array(N);

  if (filterBy === 'confident_learning') {
    for (const i of computed!.offDiagonalIndices) mask[i] = 1;
  } else if (filterBy === 'predicted_neq_given') {
    for (let i = 0; i < N; i++) if (rowArgmax(p, i) !== labels[i]) mask[i] = 1;
  } else {
    const { order, start } = groupByLabel(labels, K);
    const byClass = new Uint8Array(N);
    const byNoise = new Uint8Array(N);
    const scratch = new Float64Array(N);
    for (let k = 0; k < K; k++) {
      const members = order.subarray(start[k], start[k + 1]);
      const m = members.length;
      if (m <= minN) continue;
      const key = new Float64Array(m);
      if (filterBy !== 'prune_by_noise_rate') {
        // _prune_by_class: the (count - kept) items with the smallest p(given class).
        const numIssues = m - prune[k][k];
        for (let a = 0; a < m; a++) key[a] = -p.data[members[a] * K + k];
        markTop(members, key, numIssues, byClass, scratch);
      }
      if (filterBy !== 'prune_by_class') {
        // _prune_by_count: for each true class j, the prune[k][j] items with the largest p_j - p_k.
        for (let j = 0; j < K; j++) {
          const take = prune[k][j];
          if (j === k || take <= 0) continue;
          for (let a = 0; a < m; a++) key[a] = p.data[members[a] * K + j] - p.data[members[a] * K + k];
          markTop(members, key, take, byNoise, scratch);
          prunedPerCell[k][j] = Math.min(take, m);
        }
      }
    }
    if (filterBy === 'prune_by_class') mask = byClass;
    else if (filterBy === 'prune_by_noise_rate') mask = byNoise;
    else for (let i = 0; i < N; i++) mask[i] = byClass[i] & byNoise[i];
  }

  let flaggedBeforeArgmaxRule = 0;
  for (let i = 0; i < N; i++) {
    if (!mask[i]) continue;
    flaggedBeforeArgmaxRule++;
    if (rowArgmax(p, i) === labels[i]) mask[i] = 0;
  }
  return {
    mask,
    issues: orderLabelIssues(mask, labels, p, opts.rankBy ?? 'self_confidence'),
    confidentJoint,
    pruneCounts: prune,
    prunedPerCell,
    flaggedBeforeArgmaxRule,
  };
}
