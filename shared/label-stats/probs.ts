import { argmax } from '../stats/argmax';
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

/** First index of the row maximum (numpy `argmax` tie rule). */
export function rowArgmax(p: ProbMatrix, i: number): number {
  return argmax(p.data, i * p.k, p.k);
}
