import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { adultLines, adultOlderThan, cliOn, dataset, tempDir } from '../helpers';
import { expectClose, golden } from '../reference/cases';

let dir: string;
const cairn = cliOn(() => dir);

beforeAll(() => {
  dir = tempDir('cairn-drift-');
  expect(cairn(['datasets', 'import', dataset('adult.csv.gz'), '--name', 'adult']).code).toBe(0);
  expect(cairn(['datasets', 'import', dataset('iris.csv'), '--name', 'iris']).code).toBe(0);
  const lines = adultLines();
  // A sudden shift: only people over 45. And a plain sample of the same population.
  fs.writeFileSync(path.join(dir, 'older.csv'), adultOlderThan(45, 3000).join('\n'));
  fs.writeFileSync(path.join(dir, 'sample.csv'), [lines[0], ...lines.slice(1).filter((_, i) => i % 10 === 0)].join('\n'));
});

describe('cairn drift', () => {
  it('finds no drift in a random sample of the reference', () => {
    const r = cairn(['drift', '--reference', 'adult', '--current', path.join(dir, 'sample.csv'), '--fail-on-drift', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ numberOfColumns: 15, numberOfDriftedColumns: 0, datasetDrift: false, shareThreshold: 0.5, reference: 'adult@1' });
  });

  it("flags a shifted batch per column with Evidently's large-reference tests, and fails CI on dataset drift", () => {
    const r = cairn(['drift', '--reference', 'adult', '--current', path.join(dir, 'older.csv'), '--share', '0.25', '--fail-on-drift', '--json']);
    expect(r.code).toBe(4);
    const report = JSON.parse(r.stdout);
    const age = report.columns.find((c: { name: string }) => c.name === 'age');
    expect(age).toMatchObject({ columnType: 'numeric', test: 'wasserstein', threshold: 0.1, drifted: true });
    expect(age.score).toBeGreaterThan(1);
    const sex = report.columns.find((c: { name: string }) => c.name === 'sex');
    expect(sex).toMatchObject({ columnType: 'categorical', test: 'jensenshannon', threshold: 0.1 });
    // Jensen-Shannon in natural log, as Evidently: education and workclass (0.087 and 0.085; 0.104 and 0.102 in
    // base 2) stay under 0.1, leaving age, education-num, marital-status and relationship.
    const drifted = report.columns.filter((c: { drifted: boolean }) => c.drifted).map((c: { name: string }) => c.name);
    expect(drifted).toEqual(['age', 'education-num', 'marital-status', 'relationship']);
    expect(report.datasetDrift).toBe(true);
    expect(report.shareOfDriftedColumns).toBeCloseTo(4 / 15, 12);
    expect(age.histogram).toBeUndefined();
  });

  it("gives the reference suite's Evidently values on Adult rows 1-8000 against people of 45 and over: education does not drift", () => {
    const lines = adultLines();
    fs.writeFileSync(path.join(dir, 'first8000.csv'), lines.slice(0, 8001).join('\n'));
    fs.writeFileSync(path.join(dir, 'age45.csv'), [lines[0], ...lines.slice(1).filter((l) => Number(l.split(',')[0]) >= 45)].join('\n'));
    expect(cairn(['datasets', 'import', path.join(dir, 'first8000.csv'), '--name', 'adult8000']).code).toBe(0);
    const r = cairn(['drift', '--reference', 'adult8000', '--current', path.join(dir, 'age45.csv'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    const g = golden<{ cases: { name: string; columns: { name: string; test: string; score: number; drifted: boolean }[]; shareOfDriftedColumns: number }[] }>(
      'drift.json',
    ).cases.find((c) => c.name === 'adult-first8000-vs-age45')!;
    expect(report.columns.map((c: { name: string; test: string; drifted: boolean }) => [c.name, c.test, c.drifted])).toEqual(
      g.columns.map((c) => [c.name, c.test, c.drifted]),
    );
    report.columns.forEach((c: { name: string; score: number }, i: number) => expectClose(c.score, g.columns[i].score, c.name));
    expect(report.columns.find((c: { name: string }) => c.name === 'education')).toMatchObject({ test: 'jensenshannon', drifted: false });
    expect(report.shareOfDriftedColumns).toBe(g.shareOfDriftedColumns);
  });

  it('uses the small-reference tests (KS, chi-square) below 1000 reference rows, and compares versions', () => {
    const lines = fs.readFileSync(dataset('iris.csv'), 'utf8').trimEnd().split(/\r?\n/);
    const shifted = [
      lines[0],
      ...lines.slice(1).map((l) =>
        l
          .split(',')
          .map((v, i) => (i === 0 ? String(Number(v) + 1.5) : v))
          .join(','),
      ),
    ];
    fs.writeFileSync(path.join(dir, 'iris-shifted.csv'), shifted.join('\n'));
    expect(cairn(['datasets', 'import', path.join(dir, 'iris-shifted.csv'), '--name', 'iris']).code).toBe(0);
    const r = cairn(['drift', '--reference', 'iris@1', '--current', 'iris@2', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const cols = Object.fromEntries(JSON.parse(r.stdout).columns.map((c: { name: string }) => [c.name, c]));
    expect(cols.sepal_length).toMatchObject({ test: 'ks', scoreKind: 'p_value', threshold: 0.05, drifted: true });
    expect(cols.sepal_width).toMatchObject({ test: 'ks', drifted: false, score: 1 });
    expect(cols.label).toMatchObject({ test: 'chisquare', drifted: false });
  });

  it('leaves free-text columns untested instead of calling their unique values drifted', () => {
    const notes = (from: number) => Array.from({ length: 60 }, (_, i) => `ticket ${from + i} says the printer on floor ${i % 4} is jammed again,${i % 10}`);
    fs.writeFileSync(path.join(dir, 'notes-a.csv'), ['note,n', ...notes(0)].join('\n'));
    fs.writeFileSync(path.join(dir, 'notes-b.csv'), ['note,n', ...notes(1000)].join('\n'));
    expect(cairn(['datasets', 'import', path.join(dir, 'notes-a.csv'), '--name', 'notes']).code).toBe(0);
    const r = cairn(['drift', '--reference', 'notes', '--current', path.join(dir, 'notes-b.csv'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.columns.map((c: { name: string }) => c.name)).toEqual(['n']);
    expect(report).toMatchObject({ missingColumns: ['note'], numberOfColumns: 1, datasetDrift: false });
  });

  it('reports columns the current data lacks, and names an unknown dataset in one line', () => {
    fs.writeFileSync(path.join(dir, 'partial.csv'), 'age,sex\n30,Male\n50,Female\n41,Male\n');
    const r = cairn(['drift', '--reference', 'adult', '--current', path.join(dir, 'partial.csv'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.numberOfColumns).toBe(2);
    expect(report.missingColumns).toContain('income-per-year');
    const table = cairn(['drift', '--reference', 'adult', '--current', path.join(dir, 'partial.csv')]);
    expect(table.stdout).toMatch(/^Not tested \(not in the current data, empty, or free text\): workclass, fnlwgt, education,/m);
    const none = cairn(['drift', '--reference', 'nope', '--current', 'adult']);
    expect(none.code).toBe(3);
    expect(none.stderr.trim().split('\n')).toHaveLength(1);
  });
});
