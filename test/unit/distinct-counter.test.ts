import fs from 'node:fs';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { DistinctCounter } from '../../electron/core/datasets/distinct-counter';
import { tempDir } from '../helpers';

describe('distinct counter', () => {
  it('counts numbers as a Set does, 0 and -0 as one, across batches and table growth', () => {
    const r = seedrandom('distinct');
    const counter = new DistinctCounter(tempDir());
    const set = new Set<number>();
    for (let i = 0; i < 100_000; i++) {
      const v = i % 1000 === 0 ? -0 : Math.round(r() * 40_000) / 8;
      counter.addNumber(v);
      set.add(v);
      // Counting part way, between batches, sees every value added so far.
      if (i === 12_345) expect(counter.count()).toBe(set.size);
    }
    expect(counter.count()).toBe(set.size);
    counter.remove();
  });

  it('counts text by digest, and goes on exactly on disk past a million distinct values', () => {
    const dir = tempDir();
    const text = new DistinctCounter(dir);
    for (let i = 0; i < 50_000; i++) text.addText(`value-${i % 30_001}`);
    expect(text.count()).toBe(30_001);
    const many = new DistinctCounter(dir);
    for (let i = 0; i < 1_300_000; i++) many.addNumber(i % 1_200_000);
    expect(fs.readdirSync(dir).length).toBe(1);
    expect(many.count()).toBe(1_200_000);
    many.remove();
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
