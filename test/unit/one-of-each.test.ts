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

function filesMatching(re: RegExp, files = FILES): string[] {
  return files
    .filter((f) => re.test(fs.readFileSync(f, 'utf8')))
    .map(rel)
    .sort();
}

// The tests' own shared code lives in test/helpers.ts; every other test file is scanned for copies of it.
const TESTS = sources(path.join(REPO_ROOT, 'test')).filter((f) => rel(f) !== 'test/helpers.ts' && f !== __filename);

describe('one implementation of each', () => {
  it('quotes CSV fields only in shared/csv/write.ts', () => {
    expect(filesMatching(/replace\(\/"\/g, '""'\)/)).toEqual(['shared/csv/write.ts']);
  });

  it('finds the arg-max of a row only in shared/stats/argmax.ts', () => {
    expect(filesMatching(/function\s+\w*arg_?max\s*\(/i).filter((f) => f !== 'shared/label-stats/probs.ts')).toEqual(['shared/stats/argmax.ts']);
  });

  it('runs the CLI only through cliOn and cliProcess in test/helpers.ts, which alone knows where bin/cairn.js is', () => {
    expect(filesMatching(/\b(spawn|spawnSync|execFile|execFileSync)\(\s*process\.execPath,\s*\[\s*CLI\b/, TESTS)).toEqual([]);
    expect(filesMatching(/['"`](bin\/)?cairn\.js['"`]/, TESTS)).toEqual([]);
  });

  it('reads Adult only through adultLines in test/helpers.ts', () => {
    expect(filesMatching(/gunzip\w*\([^;]*adult/i, TESTS)).toEqual([]);
  });

  it("counts a table's rows only in test/helpers.ts", () => {
    expect(filesMatching(/COUNT\(\*\) FROM \$\{/, TESTS)).toEqual([]);
  });
});
