import { argmax } from '../../../shared/stats';

// CBPE (confidence-based performance estimation, as NannyML): a binary model's scores are
// calibrated on the labelled reference, and each current row then counts as right with the
// calibrated probability of its prediction, so accuracy is estimated where no labels are yet.

/** Isotonic regression (pool adjacent violators) of labels on scores: a step function. */
export function isotonicFit(scores: ArrayLike<number>, y: ArrayLike<number>): (s: number) => number {
  const points = Array.from(scores, (x, i) => ({ x, y: y[i] ?? NaN })).sort((a, b) => a.x - b.x);
  // Each block's mean label, weight (rows pooled) and last (largest) score.
  const blocks: { x: number; mean: number; weight: number }[] = [];
  for (const p of points) {
    let block = { x: p.x, mean: p.y, weight: 1 };
    let prev = blocks[blocks.length - 1];
    while (prev && prev.mean > block.mean) {
      blocks.pop();
      const weight = prev.weight + block.weight;
      block = { x: p.x, mean: (prev.mean * prev.weight + block.mean * block.weight) / weight, weight };
      prev = blocks[blocks.length - 1];
    }
    blocks.push(block);
  }
  return (s: number) => {
    const last = blocks[blocks.length - 1];
    if (!last) return NaN;
    if (s >= last.x) return last.mean;
    let lo = 0;
    let hi = blocks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((blocks[mid]?.x ?? Infinity) >= s) hi = mid;
      else lo = mid + 1;
    }
    return blocks[lo]?.mean ?? NaN;
  };
}

/** Expected accuracy of each row: binary, the calibrated probability that the thresholded prediction is right; else the top probability. */
export function expectedCorrect(probs: readonly number[][], positive: number | null, calibrate: ((s: number) => number) | null): Float64Array {
  return Float64Array.from(probs, (p) => {
    if (positive === null) return p[argmax(p)] ?? NaN;
    const s = p[positive] ?? NaN;
    const pc = calibrate ? calibrate(s) : s;
    return s >= 0.5 ? pc : 1 - pc;
  });
}
