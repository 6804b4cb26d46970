// Krippendorff's alpha with missing values, computed from the items x values count table
// (the `value_counts` input of the `krippendorff` Python package, pln-fing-udelar/fast-krippendorff).
// alpha = 1 - D_o / D_e with the coincidence matrix o_ck = sum_u n_uc n_uk' / (m_u - 1) over units
// with m_u >= 2 pairable values, and expected coincidences e_ck = n_c (n_k - [c = k]) / (n - 1).
// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", sections C and E.

import { codeAnnotations, countMatrix, type Annotation, type CountMatrix, type Key } from './annotations';

export type AlphaLevel = 'nominal' | 'ordinal' | 'interval' | 'ratio';

/** Coincidence matrix (V x V, row-major) and the pairable value totals n_c. */
export function coincidences(counts: CountMatrix): { o: Float64Array; n: Float64Array; total: number } {
  const V = counts.categories;
  const o = new Float64Array(V * V);
  const present = new Int32Array(V);
  for (let u = 0; u < counts.items; u++) {
    const row = u * V;
    let m = 0;
    let p = 0;
    for (let c = 0; c < V; c++) {
      const x = counts.data[row + c];
      if (x > 0) {
        m += x;
        present[p++] = c;
      }
    }
    if (m < 2) continue;
    const inv = 1 / (m - 1);
    for (let a = 0; a < p; a++) {
      const c = present[a];
      const nc = counts.data[row + c];
      o[c * V + c] += nc * (nc - 1) * inv;
      for (let b = 0; b < p; b++) {
        if (a === b) continue;
        const k = present[b];
        o[c * V + k] += nc * counts.data[row + k] * inv;
      }
    }
  }
  const n = new Float64Array(V);
  let total = 0;
  for (let c = 0; c < V; c++) {
    for (let k = 0; k < V; k++) n[c] += o[c * V + k];
    total += n[c];
  }
  return { o, n, total };
}

function distance(level: AlphaLevel, values: readonly number[] | undefined, n: Float64Array): (c: number, k: number) => number {
  if (level === 'nominal') return (c, k) => (c === k ? 0 : 1);
  if (level === 'ordinal') {
    // Krippendorff's ordinal metric over ranks: (sum_{g=c..k} n_g - (n_c + n_k) / 2)^2.
    const cum = new Float64Array(n.length + 1);
    for (let g = 0; g < n.length; g++) cum[g + 1] = cum[g] + n[g];
    return (c, k) => {
      const lo = Math.min(c, k);
      const hi = Math.max(c, k);
      const s = cum[hi + 1] - cum[lo] - (n[lo] + n[hi]) / 2;
      return s * s;
    };
  }
  if (!values || values.length !== n.length) throw new Error(`krippendorffAlpha: level '${level}' needs numeric values for every category`);
  if (level === 'interval') return (c, k) => (values[c] - values[k]) ** 2;
  return (c, k) => {
    const s = values[c] + values[k];
    return s === 0 ? 0 : ((values[c] - values[k]) / s) ** 2;
  };
}

/**
 * Krippendorff's alpha from an items x categories count table. Categories must be in their natural
 * order for ordinal data; interval and ratio need `values` (the numeric value of each category).
 * Returns NaN when undefined: no unit with two pairable values, or fewer than two distinct values.
 */
export function krippendorffAlpha(counts: CountMatrix, opts: { level?: AlphaLevel; values?: readonly number[] } = {}): number {
  const level = opts.level ?? 'nominal';
  const V = counts.categories;
  const { o, n, total } = coincidences(counts);
  if (total <= 1) return NaN;
  const d = distance(level, opts.values, n);
  let dObs = 0;
  let dExp = 0;
  for (let c = 0; c < V; c++) {
    for (let k = 0; k < V; k++) {
      if (c === k) continue;
      const w = d(c, k);
      if (w === 0) continue;
      dObs += o[c * V + k] * w;
      dExp += ((n[c] * n[k]) / (total - 1)) * w;
    }
  }
  return dExp === 0 ? NaN : 1 - dObs / dExp;
}

/**
 * Alpha straight from (item, labeler, label) triples. For ordinal/interval/ratio levels the labels
 * must be numbers; categories are then sorted numerically and used as the values.
 */
export function krippendorffAlphaFromAnnotations(annotations: readonly Annotation[], opts: { level?: AlphaLevel; categories?: readonly Key[] } = {}): number {
  const coded = codeAnnotations(annotations, { categories: opts.categories });
  const level = opts.level ?? 'nominal';
  let values: number[] | undefined;
  if (level === 'interval' || level === 'ratio') {
    values = coded.categories.map((c) => {
      if (typeof c !== 'number') throw new Error(`krippendorffAlpha: level '${level}' needs numeric labels`);
      return c;
    });
  }
  return krippendorffAlpha(countMatrix(coded), { level, values });
}
