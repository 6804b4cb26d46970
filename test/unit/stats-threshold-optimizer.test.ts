import { describe, expect, it } from 'vitest';
import { applyGroupThresholds, type FairnessConstraint, optimizeThresholds } from '../../shared/stats/threshold-optimizer';
import { groupMetrics } from '../../shared/stats/fairness';
import { rng } from '../rng';

/** Synthetic scores where group 'b' scores lower than 'a' for the same label. */
function data(n: number, seed: number, steps = 20, groups = ['a', 'b', 'c']) {
  const r = rng(seed);
  const scores: number[] = [];
  const y: number[] = [];
  const sf: string[] = [];
  for (let i = 0; i < n; i++) {
    const g = groups[Math.floor(r() * groups.length)];
    const label = r() < (g === 'a' ? 0.6 : 0.4) ? 1 : 0;
    const shift = g === 'b' ? -0.2 : g === 'c' ? 0.1 : 0;
    scores.push(Math.round(Math.min(1, Math.max(0, 0.5 + (label ? 0.2 : -0.2) + shift + (r() - 0.5) * 0.6)) * steps) / steps);
    y.push(label);
    sf.push(g);
  }
  return { scores, y, sf };
}

/** Exhaustive search over every per-group threshold among the observed scores (and +Infinity). */
function bruteForce(scores: number[], y: number[], sf: string[], constraint: FairnessConstraint, tol: number): number {
  const groups = [...new Set(sf)].sort();
  const cands = groups.map((g) => [Infinity, ...new Set(scores.filter((_, i) => sf[i] === g))]);
  let best = -1;
  const choose = (gi: number, chosen: number[]) => {
    if (gi === groups.length) {
      const t = groups.map((g, k) => ({ group: g, threshold: chosen[k] }));
      const pred = applyGroupThresholds(scores, sf, t);
      const m = groupMetrics(y, pred, sf);
      const spread = (key: 'selectionRate' | 'truePositiveRate' | 'falsePositiveRate') => {
        const v = m.byGroup.map((r) => r[key]);
        return Math.max(...v) - Math.min(...v);
      };
      const gap =
        constraint === 'demographic_parity'
          ? spread('selectionRate')
          : constraint === 'true_positive_rate_parity'
            ? spread('truePositiveRate')
            : Math.max(spread('truePositiveRate'), spread('falsePositiveRate'));
      if (gap <= tol + 1e-12) best = Math.max(best, m.overall.accuracy);
      return;
    }
    for (const c of cands[gi]) choose(gi + 1, [...chosen, c]);
  };
  choose(0, []);
  return best;
}

describe('optimizeThresholds', () => {
  for (const constraint of ['demographic_parity', 'true_positive_rate_parity', 'equalized_odds'] as const) {
    it(`${constraint}: meets the tolerance and matches exhaustive search`, () => {
      for (const seed of [1, 2, 3]) {
        const { scores, y, sf } = data(60, seed);
        for (const tol of [0.02, 0.1]) {
          const r = optimizeThresholds(scores, y, sf, { constraint, tolerance: tol });
          expect(r.feasible).toBe(true);
          expect(r.after.disparity).toBeLessThanOrEqual(tol + 1e-12);
          expect(r.after.accuracy).toBeCloseTo(bruteForce(scores, y, sf, constraint, tol), 12);
        }
      }
    });
  }

  it('reports before/after and is deterministic', () => {
    const { scores, y, sf } = data(5000, 9, 1e6);
    const a = optimizeThresholds(scores, y, sf, { constraint: 'demographic_parity', tolerance: 0.01 });
    const b = optimizeThresholds(scores, y, sf, { constraint: 'demographic_parity', tolerance: 0.01 });
    expect(a.thresholds).toEqual(b.thresholds);
    expect(a.before.disparity).toBeGreaterThan(0.1);
    expect(a.after.disparity).toBeLessThanOrEqual(0.01);
    expect(a.thresholds.map((t) => t.group)).toEqual(['a', 'b', 'c']);
    // The low-scoring group gets the lowest threshold.
    expect(a.thresholds[1].threshold).toBeLessThan(a.thresholds[0].threshold);
    // A loose tolerance never costs accuracy against the unconstrained per-group optimum.
    const loose = optimizeThresholds(scores, y, sf, { constraint: 'demographic_parity', tolerance: 1 });
    expect(loose.after.accuracy).toBeGreaterThanOrEqual(a.after.accuracy);
    expect(loose.after.accuracy).toBeGreaterThanOrEqual(loose.before.accuracy);
  });

  it('applyGroupThresholds predicts score >= threshold', () => {
    expect(
      Array.from(
        applyGroupThresholds(
          [0.2, 0.5, 0.7, 0.4],
          ['x', 'x', 'y', 'y'],
          [
            { group: 'x', threshold: 0.5 },
            { group: 'y', threshold: 0.3 },
          ],
        ),
      ),
    ).toEqual([0, 1, 1, 1]);
  });
});
