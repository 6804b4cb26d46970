// Percent agreement, Cohen's kappa (two raters) and Fleiss' kappa (many raters).
// Cohen's kappa follows scikit-learn's `cohen_kappa_score`; Fleiss' kappa follows statsmodels'
// `stats.inter_rater.fleiss_kappa`. Reference values are in test/unit/labels-agreement.test.ts.

import { compareKeys, type CountMatrix, type Key } from './annotations';

export type KappaWeights = 'linear' | 'quadratic';

/** Fraction of positions where the two label sequences agree (NaN when empty). */
export function percentAgreement(a: ArrayLike<Key>, b: ArrayLike<Key>): number {
  if (a.length !== b.length) throw new Error('percentAgreement: length mismatch');
  if (a.length === 0) return NaN;
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}

/**
 * Mean pairwise agreement over items with at least two labels: for item i with m_i labels,
 * P_i = sum_c n_ic (n_ic - 1) / (m_i (m_i - 1)) — Fleiss' P-bar, generalized to unequal label counts.
 */
export function pairwiseAgreement(counts: CountMatrix): number {
  const K = counts.categories;
  let sum = 0;
  let used = 0;
  for (let i = 0; i < counts.items; i++) {
    let m = 0;
    let agree = 0;
    for (let c = 0; c < K; c++) {
      const n = counts.data[i * K + c];
      m += n;
      agree += n * (n - 1);
    }
    if (m < 2) continue;
    sum += agree / (m * (m - 1));
    used++;
  }
  return used ? sum / used : NaN;
}

/**
 * K x K confusion matrix (rows: `a`, columns: `b`) over `labels` (default: sorted union of both).
 * Pairs where either label is outside `labels` are dropped, as scikit-learn's `confusion_matrix` does.
 */
export function confusionMatrix(a: ArrayLike<Key>, b: ArrayLike<Key>, labels?: readonly Key[]): { matrix: number[][]; labels: Key[] } {
  if (a.length !== b.length) throw new Error('confusionMatrix: length mismatch');
  let cats: Key[];
  if (labels) cats = [...labels];
  else {
    const s = new Set<Key>();
    for (let i = 0; i < a.length; i++) {
      s.add(a[i]);
      s.add(b[i]);
    }
    cats = [...s].sort(compareKeys);
  }
  const index = new Map<Key, number>(cats.map((c, i) => [c, i]));
  const matrix = cats.map(() => new Array<number>(cats.length).fill(0));
  for (let i = 0; i < a.length; i++) {
    const r = index.get(a[i]);
    const c = index.get(b[i]);
    if (r !== undefined && c !== undefined) matrix[r][c]++;
  }
  return { matrix, labels: cats };
}

/**
 * Cohen's kappa from a square contingency table, as scikit-learn computes it:
 * kappa = 1 - sum(w * observed) / sum(w * expected), expected = outer(row sums, col sums) / n,
 * w = 1 off the diagonal (unweighted), |i - j| (linear) or (i - j)^2 (quadratic).
 * NaN when the expected disagreement is zero (e.g. both raters used one category only).
 */
export function cohenKappaFromMatrix(matrix: readonly (readonly number[])[], weights?: KappaWeights): number {
  const K = matrix.length;
  const rows = new Float64Array(K);
  const cols = new Float64Array(K);
  let n = 0;
  for (let i = 0; i < K; i++) {
    if (matrix[i].length !== K) throw new Error('cohenKappaFromMatrix: matrix must be square');
    for (let j = 0; j < K; j++) {
      rows[i] += matrix[i][j];
      cols[j] += matrix[i][j];
      n += matrix[i][j];
    }
  }
  let obs = 0;
  let exp = 0;
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      const w = weights === 'linear' ? Math.abs(i - j) : weights === 'quadratic' ? (i - j) * (i - j) : i === j ? 0 : 1;
      if (w === 0) continue;
      obs += w * matrix[i][j];
      exp += (w * rows[i] * cols[j]) / n;
    }
  }
  return exp === 0 ? NaN : 1 - obs / exp;
}

/** Cohen's kappa between two raters' labels on the same items (scikit-learn `cohen_kappa_score`). */
export function cohenKappa(a: ArrayLike<Key>, b: ArrayLike<Key>, opts: { labels?: readonly Key[]; weights?: KappaWeights } = {}): number {
  return cohenKappaFromMatrix(confusionMatrix(a, b, opts.labels).matrix, opts.weights);
}

/**
 * Fleiss' kappa from an items x categories count table (statsmodels `fleiss_kappa`).
 * `method: 'randolph'` uses chance agreement 1/K (Randolph's free-marginal kappa), as statsmodels does.
 * Items with fewer than two labels are skipped. With equal labels per item this is exactly Fleiss (1971);
 * with unequal counts each item's agreement uses its own m_i (the usual generalization) and the category
 * shares pool every label of the items kept.
 */
export function fleissKappa(counts: CountMatrix, opts: { method?: 'fleiss' | 'randolph' } = {}): number {
  const K = counts.categories;
  const pCat = new Float64Array(K);
  let total = 0;
  let sumP = 0;
  let used = 0;
  for (let i = 0; i < counts.items; i++) {
    let m = 0;
    let sq = 0;
    for (let c = 0; c < K; c++) {
      const n = counts.data[i * K + c];
      m += n;
      sq += n * n;
    }
    if (m < 2) continue;
    for (let c = 0; c < K; c++) pCat[c] += counts.data[i * K + c];
    total += m;
    sumP += (sq - m) / (m * (m - 1));
    used++;
  }
  if (!used) return NaN;
  const pMean = sumP / used;
  let pExp = 0;
  if (opts.method === 'randolph') pExp = 1 / K;
  else for (let c = 0; c < K; c++) pExp += (pCat[c] / total) ** 2;
  return pExp === 1 ? NaN : (pMean - pExp) / (1 - pExp);
}

/** Fleiss-style count table from a items x raters matrix of raw labels (statsmodels `aggregate_raters`). */
export function aggregateRaters(rows: readonly (readonly Key[])[], categories?: readonly Key[]): { counts: CountMatrix; categories: Key[] } {
  let cats: Key[];
  if (categories) cats = [...categories];
  else {
    const s = new Set<Key>();
    for (const r of rows) for (const v of r) s.add(v);
    cats = [...s].sort(compareKeys);
  }
  const index = new Map<Key, number>(cats.map((c, i) => [c, i]));
  const K = cats.length;
  const data = new Int32Array(rows.length * K);
  rows.forEach((r, i) =>
    r.forEach((v) => {
      const c = index.get(v);
      if (c === undefined) throw new Error(`aggregateRaters: label ${String(v)} is not among the categories`);
      data[i * K + c]++;
    }),
  );
  return { counts: { data, items: rows.length, categories: K }, categories: cats };
}
