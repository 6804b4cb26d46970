import { describe, expect, it } from 'vitest';
import { argmax, probMatrix, rowArgmax } from '../../shared/labels/probs';

describe('argmax', () => {
  // numpy: np.argmax([0.2, 0.4, 0.4]) == 1 (the first of a tie); np.argmax([[.1,.9],[.6,.4]], axis=1) == [1, 0].
  it('takes the first index of the largest value, as numpy does', () => {
    expect(argmax([0.2, 0.4, 0.4])).toBe(1);
    expect(argmax([3])).toBe(0);
    expect(argmax(Float32Array.from([0.1, 0.7, 0.2]))).toBe(1);
  });

  it('looks within a range and counts from its start', () => {
    expect(argmax([9, 1, 5, 2, 9], 1, 4)).toBe(1);
    const p = probMatrix([[0.1, 0.9], [0.6, 0.4], [0.5, 0.5]]);
    expect([0, 1, 2].map((i) => rowArgmax(p, i))).toEqual([1, 0, 0]);
  });
});
