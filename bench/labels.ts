import { annotationsFromRows, codeAnnotations, countMatrix } from '../shared/label-stats/annotations';
import { findLabelIssues } from '../shared/label-stats/confident-learning';
import { krippendorffAlpha } from '../shared/label-stats/krippendorff';
import seedrandom from 'seedrandom';

const rng = (seed: number): (() => number) => seedrandom(String(seed));

export interface LabelsFigures {
  confidentLearning: { items: number; classes: number; ms: number; issues: number };
  krippendorff: { items: number; labelers: number; ms: number; alphaOnlyMs: number; alpha: number };
}

/**
 * Confident learning (`findLabelIssues`, default prune_by_noise_rate) on 100k items x 10 classes of
 * synthetic out-of-fold probabilities with 10% flipped labels; Krippendorff's nominal alpha on
 * 10k items x 5 labelers from triples (coding + counts + alpha) and on the prebuilt count table.
 */
export function benchLabels(): LabelsFigures {
  const r = rng(42);
  const N = 100_000;
  const K = 10;
  const data = new Float32Array(N * K);
  const labels = new Int32Array(N);
  for (let i = 0; i < N; i++) {
    const y = Math.floor(r() * K);
    let s = 0;
    for (let j = 0; j < K; j++) {
      const z = Math.exp((j === y ? 3 : 0) + 1.2 * (r() + r() - 1));
      data[i * K + j] = z;
      s += z;
    }
    for (let j = 0; j < K; j++) data[i * K + j] /= s;
    labels[i] = r() < 0.1 ? (y + 1 + Math.floor(r() * (K - 1))) % K : y;
  }
  findLabelIssues(labels.subarray(0, 2000), { data: data.subarray(0, 2000 * K), n: 2000, k: K }); // warm-up
  let t = performance.now();
  const res = findLabelIssues(labels, { data, n: N, k: K });
  const clMs = performance.now() - t;

  const U = 10_000;
  const L = 5;
  const rows: number[][] = [];
  const truth = Array.from({ length: U }, () => Math.floor(r() * 6));
  for (let l = 0; l < L; l++) rows.push(truth.map((y) => (r() < 0.8 ? y : Math.floor(r() * 6))));
  const triples = annotationsFromRows(rows);
  t = performance.now();
  const counts = countMatrix(codeAnnotations(triples));
  const alpha = krippendorffAlpha(counts);
  const kMs = performance.now() - t;
  t = performance.now();
  krippendorffAlpha(counts);
  const alphaOnlyMs = performance.now() - t;

  return {
    confidentLearning: { items: N, classes: K, ms: Math.round(clMs), issues: res.issues.length },
    krippendorff: { items: U, labelers: L, ms: Math.round(kMs * 10) / 10, alphaOnlyMs: Math.round(alphaOnlyMs * 100) / 100, alpha },
  };
}
