/**
 * Index of the largest of `length` values from `offset` (first on ties, numpy's argmax rule):
 * the predicted class of a row of probabilities, wherever the row sits in its array.
 */
export function argmax(values: ArrayLike<number>, offset = 0, length = values.length - offset): number {
  let best = 0;
  for (let j = 1; j < length; j++) if (values[offset + j] > values[offset + best]) best = j;
  return best;
}
