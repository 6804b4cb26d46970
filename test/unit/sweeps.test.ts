import { describe, expect, it } from 'vitest';
import { generateTrials } from '../../shared/sweeps/generate';
import { shouldStop } from '../../shared/sweeps/median-rule';
import { sweepSpecSchema } from '../../shared/sweeps/spec';

const spec = (extra: object) => sweepSpecSchema.parse({ dataset: 'iris', ...extra });

describe('sweep trials', () => {
  it('walks a grid: every combination, log-spaced ranges, choices in order', () => {
    const trials = generateTrials(
      spec({ method: 'grid', space: { learningRate: { min: 0.0001, max: 0.1, log: true, steps: 4 }, optimizer: { values: ['adam', 'sgd'] } } }),
    );
    expect(trials).toHaveLength(8);
    expect([...new Set(trials.map((t) => t.params.learningRate))]).toEqual([0.0001, 0.001, 0.01, 0.1]);
    expect(trials.map((t) => t.config.optimizer)).toEqual(['adam', 'sgd', 'adam', 'sgd', 'adam', 'sgd', 'adam', 'sgd']);
    expect(trials[5].config.learningRate).toBe(0.01);
  });

  it('sets nested config paths and validates each trial with the training schema', () => {
    const [t] = generateTrials(spec({ method: 'grid', space: { 'mlp.hiddenUnits': { values: [[8, 4]] }, 'mlp.dropout': { values: [0.3] } } }));
    expect(t.config.mlp).toEqual({ hiddenUnits: [8, 4], activation: 'relu', dropout: 0.3 });
    expect(() => spec({ method: 'grid', space: { batchSize: { values: [0] } } })).toThrow(/0 is not a valid batchSize/);
  });

  it('samples random trials reproducibly from the seed, inside the ranges', () => {
    const s = spec({
      method: 'random',
      trials: 50,
      seed: 3,
      space: { learningRate: { min: 1e-5, max: 1e-1, log: true }, batchSize: { min: 8, max: 128, integer: true } },
    });
    const a = generateTrials(s);
    expect(generateTrials(s).map((t) => t.params)).toEqual(a.map((t) => t.params));
    expect(generateTrials({ ...s, seed: 4 }).map((t) => t.params)).not.toEqual(a.map((t) => t.params));
    for (const t of a) {
      expect(t.config.learningRate).toBeGreaterThanOrEqual(1e-5);
      expect(t.config.learningRate).toBeLessThanOrEqual(1e-1);
      expect(Number.isInteger(t.config.batchSize)).toBe(true);
    }
    // Log sampling puts about half the draws below the geometric middle (1e-3).
    const below = a.filter((t) => t.config.learningRate < 1e-3).length;
    expect(below).toBeGreaterThan(15);
    expect(below).toBeLessThan(35);
  });

  it('rejects specs that cannot run', () => {
    expect(() => spec({ method: 'grid', space: { learningRate: { min: 0.1, max: 1 } } })).toThrow(/needs steps/);
    expect(() => spec({ space: { learningRate: { min: 0, max: 1, log: true } } })).toThrow(/min > 0/);
    expect(() => spec({ space: {} })).toThrow(/at least one parameter/);
  });
});

describe('median stopping rule', () => {
  const opts = { minimize: true, minEpochs: 2, minTrials: 2 };
  const h = (runId: string, values: number[]) => ({ runId, values: [undefined, ...values] });
  const others = [h('a', [1.0, 0.8, 0.6]), h('b', [1.0, 0.7, 0.5]), h('c', [0.9, 0.6, 0.4])];

  it('stops a trial whose best so far is worse than the median of the others at that epoch', () => {
    expect(shouldStop(h('x', [1.0, 0.9]), others, 2, opts)).toBe(true);
    expect(shouldStop(h('x', [1.0, 0.65]), others, 2, opts)).toBe(false);
  });

  it('waits for minEpochs and minTrials, and follows the goal', () => {
    expect(shouldStop(h('x', [5]), others, 1, opts)).toBe(false);
    expect(shouldStop(h('x', [1.0, 0.9]), others.slice(0, 1), 2, opts)).toBe(false);
    expect(shouldStop(h('x', [0.1, 0.2]), others, 2, { ...opts, minimize: false })).toBe(true);
  });
});
