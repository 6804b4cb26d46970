// Uncertainty scores for active-learning order: higher = more uncertain = label first.
// Definitions as in Settles (2009), "Active Learning Literature Survey", section 3.1, and modAL's
// `uncertainty` module: least confidence 1 - max_j p_j; margin p_(1) - p_(2) (smaller is more
// uncertain; the score here is 1 - margin); entropy -sum_j p_j ln p_j (0 ln 0 = 0), optionally divided
// by ln K as cleanlab's `get_normalized_entropy` does.

import type { ProbMatrix } from './probs';

export type UncertaintyMethod = 'entropy' | 'margin' | 'least_confidence';

export function entropy(p: ProbMatrix, opts: { normalize?: boolean } = {}): Float64Array {
  const out = new Float64Array(p.n);
  const scale = opts.normalize && p.k > 1 ? 1 / Math.log(p.k) : 1;
  for (let i = 0; i < p.n; i++) {
    let h = 0;
    for (let j = i * p.k, e = j + p.k; j < e; j++) {
      const x = p.data[j];
      if (x > 0) h -= x * Math.log(x);
    }
    out[i] = h * scale;
  }
  return out;
}

/** Top-1 minus top-2 probability per row (the raw margin; small = uncertain). */
export function margin(p: ProbMatrix): Float64Array {
  const out = new Float64Array(p.n);
  for (let i = 0; i < p.n; i++) {
    let a = -Infinity;
    let b = -Infinity;
    for (let j = i * p.k, e = j + p.k; j < e; j++) {
      const x = p.data[j];
      if (x > a) {
        b = a;
        a = x;
      } else if (x > b) b = x;
    }
    out[i] = p.k > 1 ? a - b : a;
  }
  return out;
}

/** 1 - max probability per row. */
export function leastConfidence(p: ProbMatrix): Float64Array {
  const out = new Float64Array(p.n);
  for (let i = 0; i < p.n; i++) {
    let a = -Infinity;
    for (let j = i * p.k, e = j + p.k; j < e; j++) if (p.data[j] > a) a = p.data[j];
    out[i] = 1 - a;
  }
  return out;
}

/** Uncertainty per row, oriented so that higher = more uncertain for every method. */
export function uncertaintyScores(p: ProbMatrix, method: UncertaintyMethod): Float64Array {
  if (method === 'entropy') return entropy(p);
  if (method === 'least_confidence') return leastConfidence(p);
  const m = margin(p);
  for (let i = 0; i < m.length; i++) m[i] = 1 - m[i];
  return m;
}

/** Row indices, most uncertain first; ties keep the lower index first. */
export function rankByUncertainty(p: ProbMatrix, method: UncertaintyMethod): Int32Array {
  const s = uncertaintyScores(p, method);
  const idx = new Int32Array(p.n);
  for (let i = 0; i < p.n; i++) idx[i] = i;
  return idx.sort((a, b) => s[b] - s[a] || a - b);
}
