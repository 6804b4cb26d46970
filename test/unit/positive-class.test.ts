import { describe, expect, it } from 'vitest';
import { binaryPositive } from '../../shared/stats';
import { positiveOf } from '../../electron/core/monitoring/prediction-columns';

describe('the positive class of a binary model (evaluation and monitoring alike)', () => {
  // /usr/bin/python3: numpy.unique(labels)[1] for each pair: the second in numpy's sort order.
  it.each([
    [['yes', 'no'], 'yes'],
    [['1', '0'], '1'],
    [[' >50K', ' <=50K'], ' >50K'],
    [['True', 'False'], 'True'],
  ])('%j → %j', (classes, positive) => {
    expect(binaryPositive(classes)).toBe(positive);
    expect(positiveOf(classes)).toBe(classes.indexOf(positive));
  });

  it('sorts numbers numerically, and has none with more than two classes', () => {
    expect(binaryPositive([10, 9])).toBe(10);
    expect(binaryPositive(['a', 'b', 'c'])).toBeNull();
    expect(positiveOf(['setosa', 'versicolor', 'virginica'])).toBeNull();
  });
});
