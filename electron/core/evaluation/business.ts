import type { BusinessImpact, OutcomeCounts } from '../../../shared/api/calls/evaluation';

const per1000 = (c: OutcomeCounts, v: OutcomeCounts, n: number) => (n ? (1000 * (c.tp * v.tp + c.fp * v.fp + c.tn * v.tn + c.fn * v.fn)) / n : NaN);

/**
 * Expected value per 1,000 predictions from a value per outcome: at the model's own decision, and at
 * the threshold on p(positive) that maximizes it, found by one scan down the sorted scores (each
 * distinct score is a cut; ties move together).
 */
export function businessImpact(
  positiveClass: string,
  values: OutcomeCounts,
  y01: Uint8Array,
  pred01: Uint8Array,
  scores: Float64Array,
  defaultThreshold: number,
): BusinessImpact {
  const n = y01.length;
  let positives = 0;
  for (const y of y01) positives += y;
  const atDefault: OutcomeCounts = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (let i = 0; i < n; i++) {
    if (pred01[i]) {
      if (y01[i]) atDefault.tp++;
      else atDefault.fp++;
    } else if (y01[i]) atDefault.fn++;
    else atDefault.tn++;
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
  const countsAt = (tp: number, k: number): OutcomeCounts => ({ tp, fp: k - tp, fn: positives - tp, tn: n - positives - (k - tp) });
  // k = 0: predict positive for none (threshold +Infinity).
  let best = { threshold: Infinity, counts: countsAt(0, 0), value: per1000(countsAt(0, 0), values, n) };
  let tp = 0;
  for (let k = 1; k <= n; k++) {
    tp += y01[order[k - 1]];
    if (k < n && scores[order[k]] === scores[order[k - 1]]) continue;
    const counts = countsAt(tp, k);
    const value = per1000(counts, values, n);
    if (value > best.value) best = { threshold: scores[order[k - 1]], counts, value };
  }
  return {
    positiveClass,
    values,
    atDefault: { threshold: defaultThreshold, expectedValuePer1000: per1000(atDefault, values, n), counts: atDefault },
    best: { threshold: best.threshold, expectedValuePer1000: best.value, counts: best.counts },
  };
}
