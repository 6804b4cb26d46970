import { describe, expect, it } from 'vitest';
import { downsampleMinMax } from '../../shared/metrics/downsample';

function series(n: number, f: (i: number) => number) {
  const steps = Array.from({ length: n }, (_, i) => i);
  return { steps, values: steps.map(f) };
}

describe('downsampleMinMax', () => {
  it('returns every index when the series is short enough', () => {
    const { steps, values } = series(50, (i) => i);
    expect(downsampleMinMax(steps, values, 100)).toEqual(steps);
  });

  it('keeps global extremes, first and last, and stays within the budget', () => {
    const { steps, values } = series(100_000, (i) => Math.sin(i / 300) + (i === 54_321 ? 50 : 0) - (i === 777 ? 40 : 0));
    const keep = downsampleMinMax(steps, values, 2000);
    expect(keep.length).toBeLessThanOrEqual(2000);
    expect(keep).toContain(54_321);
    expect(keep).toContain(777);
    expect(keep[0]).toBe(0);
    expect(keep[keep.length - 1]).toBe(99_999);
    expect([...keep].sort((a, b) => a - b)).toEqual(keep);
  });

  it('keeps each bucket extreme: every spike in a noisy series survives', () => {
    const spikes = [1000, 20_000, 33_333, 61_000, 99_000];
    const { steps, values } = series(100_000, (i) => (spikes.includes(i) ? 10 : (i % 7) / 100));
    const keep = new Set(downsampleMinMax(steps, values, 1500));
    for (const s of spikes) expect(keep.has(s)).toBe(true);
  });
});
