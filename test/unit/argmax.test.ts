import { describe, expect, it } from 'vitest';
import { argmax } from '../../shared/stats/argmax';
import { probMatrix, rowArgmax } from '../../shared/label-stats/probs';

// numpy.argmax([[0.2, 0.5, 0.5], [0.7, 0.1, 0.2]], axis=1) == [1, 0]: the first maximum wins.
describe('argmax', () => {
  it('picks the first maximum, in a whole array or a row inside one', () => {
    expect(argmax([0.2, 0.5, 0.5])).toBe(1);
    expect(argmax([0.2, 0.5, 0.5, 0.7, 0.1, 0.2], 3, 3)).toBe(0);
    expect(argmax([0, 0, 0])).toBe(0);
    const p = probMatrix([
      [0.2, 0.5, 0.5],
      [0.7, 0.1, 0.2],
    ]);
    expect([rowArgmax(p, 0), rowArgmax(p, 1)]).toEqual([1, 0]);
  });
});
