import { describe, expect, it } from 'vitest';
import { splitIndices } from '../../shared/ml';

function counts(labels: string[], idx: number[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const i of idx) out[labels[i]] = (out[labels[i]] ?? 0) + 1;
  return out;
}

describe('splitIndices', () => {
  // Unbalanced on purpose: 100 a, 50 b, 10 c, interleaved.
  const labels: string[] = Array.from({ length: 160 }, (_, i) => (i % 16 === 0 ? 'c' : i % 3 === 0 ? 'b' : 'a'));
  const exact: string[] = [...Array(100).fill('a'), ...Array(50).fill('b'), ...Array(10).fill('c')];

  it('keeps class proportions in the validation part', () => {
    const { train, val } = splitIndices(exact, 0.2, 1);
    expect(val).toHaveLength(32);
    expect(train).toHaveLength(128);
    expect(counts(exact, val)).toEqual({ a: 20, b: 10, c: 2 });
    expect(counts(exact, train)).toEqual({ a: 80, b: 40, c: 8 });
  });

  it('covers every index exactly once', () => {
    const { train, val } = splitIndices(labels, 0.3, 5);
    expect([...train, ...val].sort((a, b) => a - b)).toEqual(labels.map((_, i) => i));
    expect(new Set(val).size).toBe(val.length);
  });

  it('hands out leftover rows by largest remainder so the total is round(n * fraction)', () => {
    const l = [...Array(5).fill('x'), ...Array(5).fill('y'), ...Array(5).fill('z')];
    const { val } = splitIndices(l, 0.3, 2);
    expect(val).toHaveLength(Math.round(15 * 0.3));
    for (const c of Object.values(counts(l, val))) expect(c === 1 || c === 2).toBe(true);
  });

  it('is deterministic for a seed and changes with the seed', () => {
    const a = splitIndices(labels, 0.25, 42);
    const b = splitIndices(labels, 0.25, 42);
    const c = splitIndices(labels, 0.25, 43);
    expect(b).toEqual(a);
    expect(c.val).not.toEqual(a.val);
    expect(counts(labels, c.val)).toEqual(counts(labels, a.val));
  });

  it('accepts numeric labels and a zero fraction', () => {
    const l = [0, 1, 0, 1, 2, 2];
    expect(splitIndices(l, 0, 1)).toEqual({ train: [0, 1, 2, 3, 4, 5], val: [] });
    expect(splitIndices(l, 0.5, 1).val).toHaveLength(3);
  });

  it('splits a million rows (no spread of large arrays onto the call stack)', () => {
    const many = Array.from({ length: 1_000_000 }, (_, i) => (i % 4 === 0 ? 'yes' : 'no'));
    const { train, val } = splitIndices(many, 0.15, 7);
    expect(val).toHaveLength(150_000);
    expect(train.length + val.length).toBe(1_000_000);
    expect(counts(many, val)).toEqual({ yes: 37_500, no: 112_500 });
  });
});
