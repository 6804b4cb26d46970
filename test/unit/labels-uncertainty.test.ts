import { describe, expect, it } from 'vitest';
import { probMatrix } from '../../shared/label-stats/probs';
import { entropy, leastConfidence, margin, rankByUncertainty, uncertaintyScores } from '../../shared/label-stats/uncertainty';

// Settles (2009), "Active Learning Literature Survey", sec. 3.1: least confidence 1 - P(y_hat|x),
// margin P(y1|x) - P(y2|x), entropy -sum P log P. modAL's classifier_uncertainty / classifier_margin /
// classifier_entropy use the same definitions (entropy via scipy.stats.entropy, natural log).
const P = probMatrix([
  [0.5, 0.5, 0], // two-way coin flip
  [0.9, 0.05, 0.05],
  [1 / 3, 1 / 3, 1 / 3], // uniform
  [0.6, 0.3, 0.1],
]);

describe('uncertainty scores', () => {
  it('entropy in nats, 0 log 0 = 0, normalized by ln K like cleanlab get_normalized_entropy', () => {
    const h = entropy(P);
    expect(h[0]).toBeCloseTo(Math.LN2, 12);
    expect(h[1]).toBeCloseTo(-(0.9 * Math.log(0.9) + 2 * 0.05 * Math.log(0.05)), 12);
    expect(h[2]).toBeCloseTo(Math.log(3), 12);
    expect(h[3]).toBeCloseTo(0.8979457, 7); // -(.6 ln .6 + .3 ln .3 + .1 ln .1)
    const hn = entropy(P, { normalize: true });
    expect(hn[2]).toBeCloseTo(1, 12);
    expect(hn[0]).toBeCloseTo(Math.LN2 / Math.log(3), 12);
    expect(entropy(probMatrix([[1, 0, 0]]))[0]).toBe(0);
  });

  it('margin and least confidence', () => {
    expect(Array.from(margin(P)).map((x) => +x.toFixed(12))).toEqual([0, 0.85, 0, 0.3]);
    expect(Array.from(leastConfidence(P)).map((x) => +x.toFixed(12))).toEqual([0.5, 0.1, +(2 / 3).toFixed(12), 0.4]);
  });

  it('orders the most uncertain first for every method (ties by index)', () => {
    expect(Array.from(rankByUncertainty(P, 'entropy'))).toEqual([2, 3, 0, 1]);
    expect(Array.from(rankByUncertainty(P, 'margin'))).toEqual([0, 2, 3, 1]);
    expect(Array.from(rankByUncertainty(P, 'least_confidence'))).toEqual([2, 0, 3, 1]);
    expect(uncertaintyScores(P, 'margin')[1]).toBeCloseTo(0.15, 12);
  });

  it('accepts Float32 data', () => {
    const p = { data: Float32Array.from([0.25, 0.75, 0.5, 0.5]), n: 2, k: 2 };
    expect(Array.from(rankByUncertainty(p, 'margin'))).toEqual([1, 0]);
  });
});
