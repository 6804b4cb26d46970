import { describe, expect, it } from 'vitest';
import { stratifiedFolds } from '../../shared/ml/folds';

describe('stratifiedFolds', () => {
  const labels = [...Array(23).fill('a'), ...Array(11).fill('b'), ...Array(6).fill('c')];

  it('gives every fold each class within one item and sizes within one', () => {
    const folds = stratifiedFolds(labels, 5, 42);
    const sizes = [0, 0, 0, 0, 0];
    for (const c of ['a', 'b', 'c']) {
      const counts = [0, 0, 0, 0, 0];
      labels.forEach((l, i) => l === c && counts[folds[i]]++);
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
      counts.forEach((n, f) => (sizes[f] += n));
    }
    expect(sizes).toEqual([8, 8, 8, 8, 8]);
  });

  it('is fixed by the seed and changes with it', () => {
    expect(stratifiedFolds(labels, 5, 42)).toEqual(stratifiedFolds(labels, 5, 42));
    expect(stratifiedFolds(labels, 5, 42)).not.toEqual(stratifiedFolds(labels, 5, 43));
  });
});
