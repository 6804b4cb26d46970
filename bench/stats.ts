import { evaluateClassifier } from '../shared/stats/evaluate';
import { datasetDrift, type DriftColumnInput } from '../shared/stats/drift';
import seedrandom from 'seedrandom';

const rng = (seed: number): (() => number) => seedrandom(String(seed));

export interface StatsFigures {
  /** Predictions evaluated (3 classes): confusion, P/R/F1, log loss, ROC AUC OvR, AP, calibration, ECE. */
  evaluationRows: number;
  evaluationMs: number;
  /** Rows per sample (reference and current) and columns of the drift report. */
  driftRows: number;
  driftColumns: number;
  /** 32k reference vs 32k current: Wasserstein / Jensen–Shannon, with overlay histograms. */
  driftMs: number;
  /** 1k reference vs 32k current: KS (asymptotic), chi-square and Z-tests, with overlay histograms. */
  driftSmallReferenceMs: number;
}

function gaussian(r: () => number): number {
  return Math.sqrt(-2 * Math.log(r() || 1e-12)) * Math.cos(2 * Math.PI * r());
}

function predictions(n: number, seed: number) {
  const r = rng(seed);
  const labels = [0, 1, 2];
  const y = new Int32Array(n);
  const data = new Float64Array(n * 3);
  for (let i = 0; i < n; i++) {
    const t = Math.floor(r() * 3);
    y[i] = t;
    let s = 0;
    for (let c = 0; c < 3; c++) {
      const v = Math.exp((c === t ? 1.2 : 0) + gaussian(r));
      data[i * 3 + c] = v;
      s += v;
    }
    for (let c = 0; c < 3; c++) data[i * 3 + c] /= s;
  }
  return { y, probabilities: { data, columns: 3 }, labels };
}

function columns(refRows: number, curRows: number, seed: number): DriftColumnInput[] {
  const r = rng(seed);
  const cols: DriftColumnInput[] = [];
  for (let c = 0; c < 9; c++) {
    const shift = c % 3 === 0 ? 0.3 : 0;
    cols.push({
      name: `num${c}`,
      type: 'numeric',
      reference: Float64Array.from({ length: refRows }, () => gaussian(r) * (1 + c)),
      current: Float64Array.from({ length: curRows }, () => (gaussian(r) + shift) * (1 + c)),
    });
  }
  const vocab = ['red', 'green', 'blue', 'cyan', 'magenta', 'yellow', 'black', 'white'];
  for (let c = 0; c < 6; c++) {
    const k = c < 2 ? 2 : 3 + c;
    const skew = c % 2 ? 0.2 : 0;
    cols.push({
      name: `cat${c}`,
      type: 'categorical',
      reference: Array.from({ length: refRows }, () => vocab[Math.floor(r() * k)]),
      current: Array.from({ length: curRows }, () => vocab[r() < skew ? 0 : Math.floor(r() * k)]),
    });
  }
  return cols;
}

function time(fn: () => unknown): number {
  fn(); // warm-up
  const t = performance.now();
  fn();
  return Math.round((performance.now() - t) * 10) / 10;
}

/** Evaluation of 100k 3-class predictions and drift over 32k rows x 15 mixed columns, in ms. */
export function benchStats(): StatsFigures {
  const n = 100_000;
  const p = predictions(n, 1);
  const evaluationMs = time(() => evaluateClassifier(p.y, p.probabilities, p.labels));
  const rows = 32_000;
  const big = columns(rows, rows, 2);
  const driftMs = time(() => datasetDrift(big));
  const small = columns(1000, rows, 3);
  const driftSmallReferenceMs = time(() => datasetDrift(small));
  return { evaluationRows: n, evaluationMs, driftRows: rows, driftColumns: big.length, driftMs, driftSmallReferenceMs };
}
