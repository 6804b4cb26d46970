// A row-major N x K matrix of predicted class probabilities.

export interface ProbMatrix {
  /** Row-major: `data[i * k + j]` = P(class j | item i). */
  data: Float64Array | Float32Array;
  n: number;
  k: number;
}

export function probMatrix(rows: readonly (readonly number[])[]): ProbMatrix {
  const n = rows.length;
  const k = n ? rows[0].length : 0;
  const data = new Float64Array(n * k);
  rows.forEach((r, i) => {
    if (r.length !== k) throw new Error('probMatrix: ragged rows');
    data.set(r, i * k);
  });
  return { data, n, k };
}

/** Index of the largest of `values[from..to)`, counted from `from`; the first on a tie, as numpy's `argmax`. */
export function argmax(values: ArrayLike<number>, from = 0, to = values.length): number {
  let best = 0;
  for (let j = 1; j < to - from; j++) if (values[from + j] > values[from + best]) best = j;
  return best;
}

/** The most probable class of item `i`. */
export function rowArgmax(p: ProbMatrix, i: number): number {
  return argmax(p.data, i * p.k, (i + 1) * p.k);
}
