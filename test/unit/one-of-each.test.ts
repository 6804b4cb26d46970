import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers';

// Things written once and used everywhere: a second copy drifts (CSV quoting once had two rules
// in five copies, argmax three). The scan finds a new copy by its tell-tale code.

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return d.name === 'node_modules' || d.name === 'dist' ? [] : sources(p);
    return /\.tsx?$/.test(d.name) ? [p] : [];
  });
}

const FILES = ['electron', 'shared', 'renderer/src'].flatMap((d) => sources(path.join(REPO_ROOT, d)));
const rel = (f: string) => path.relative(REPO_ROOT, f).split(path.sep).join('/');

function filesMatching(re: RegExp): string[] {
  return FILES.filter((f) => re.test(fs.readFileSync(f, 'utf8'))).map(rel).sort();
}

describe('one implementation of each', () => {
  it('quotes CSV fields only in shared/csv/write.ts', () => {
    expect(filesMatching(/replace\(\/"\/g, '""'\)/)).toEqual(['shared/csv/write.ts']);
  });

  it('finds the arg-max of a row only in shared/stats/argmax.ts', () => {
    expect(filesMatching(/function\s+\w*arg_?max\s*\(/i).filter((f) => f !== 'shared/label-stats/probs.ts')).toEqual(['shared/stats/argmax.ts']);
  });
});
