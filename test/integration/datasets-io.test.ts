import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliOn, dataset, tempDir } from '../helpers';

let dir: string;
const cairn = cliOn(() => path.join(dir, 'data'), 60_000);

beforeAll(() => {
  dir = tempDir('cairn-io-');
  expect(cairn(['datasets', 'import', dataset('iris.csv'), '--name', 'iris']).code).toBe(0);
});

describe('dataset files in and out', () => {
  it('imports JSON Lines with typed columns, and rejects a bad line keeping nothing', () => {
    const file = path.join(dir, 'pets.jsonl');
    fs.writeFileSync(
      file,
      [
        '{"weight": 4.2, "color": "black", "label": "cat"}',
        '{"weight": 30, "color": null, "label": "dog"}',
        '',
        '{"weight": 5, "label": "cat", "age": 3}',
      ].join('\n'),
    );
    const r = cairn(['datasets', 'import', file, '--name', 'pets', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toMatchObject({ rows: 3, columns: ['weight', 'color', 'label', 'age'], labelColumn: 'label', classes: ['cat', 'dog'] });
    const shown = cairn(['datasets', 'show', 'pets', '--json']).json();
    expect(shown.version.columns.map((c: { name: string; type: string; missing: number }) => [c.name, c.type, c.missing])).toEqual([
      ['weight', 'numeric', 0],
      ['color', 'categorical', 2],
      ['label', 'categorical', 0],
      ['age', 'numeric', 2],
    ]);
    fs.writeFileSync(path.join(dir, 'bad.jsonl'), '{"a": 1, "label": "x"}\n{"a": 2, "label": \n');
    const bad = cairn(['datasets', 'import', path.join(dir, 'bad.jsonl'), '--name', 'bad']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/bad\.jsonl: line 2: not valid JSON/);
    expect(
      cairn(['datasets', 'list', '--json'])
        .json()
        .map((d: { name: string }) => d.name),
    ).toEqual(['iris', 'pets']);
  });

  it('exports CSV and JSON Lines that import back to the same content hash', () => {
    const original = cairn(['datasets', 'show', 'iris', '--json']).json().version.hash;
    for (const format of ['csv', 'jsonl']) {
      const out = path.join(dir, `iris-out.${format}`);
      const e = cairn(['datasets', 'export', 'iris', '--format', format, '--out', out, '--json']);
      expect(e.code, e.stderr).toBe(0);
      expect(e.json().rows).toBe(150);
      const back = cairn(['datasets', 'import', out, '--name', `iris-${format}`, '--json']);
      expect(back.code, back.stderr).toBe(0);
      expect(back.json().hash).toBe(original);
    }
    const coco = cairn(['datasets', 'export', 'iris', '--format', 'coco', '--out', path.join(dir, 'x.json')]);
    expect(coco.code).toBe(1);
    expect(coco.stderr).toMatch(/COCO export needs bounding boxes/);
    // A target under a file is the user's input gone wrong: one line, not an internal error.
    const blocker = path.join(dir, 'a-file');
    fs.writeFileSync(blocker, 'x');
    const bad = cairn(['datasets', 'export', 'iris', '--format', 'csv', '--out', path.join(blocker, 'out.csv')]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/a-file: is a file, not a folder/);
  });

  it('diffs two versions: added, removed, relabeled, and the runs of each', () => {
    const lines = fs.readFileSync(dataset('iris.csv'), 'utf8').trimEnd().split(/\r?\n/);
    const body = lines.slice(1);
    const changed = [
      lines[0],
      ...body.slice(1).map((l, i) => (i === 0 ? l.replace(/setosa$/, 'versicolor') : l)),
      '9.9,9.9,9.9,9.9,virginica',
      '8.8,8.8,8.8,8.8,setosa',
    ];
    fs.writeFileSync(path.join(dir, 'iris2.csv'), changed.join('\n'));
    expect(cairn(['datasets', 'import', path.join(dir, 'iris2.csv'), '--name', 'iris']).code).toBe(0);
    const run = cairn(['train', '--dataset', 'iris@2', '--epochs', '1', '--json']).json().runId;
    const d = cairn(['datasets', 'diff', 'iris', '1', '2', '--json']).json();
    // v2 drops the first row, relabels the second, and adds two.
    expect(d).toMatchObject({ from: 1, to: 2, added: 2, removed: 1, relabeled: 1, unchanged: 148, runs: { from: [], to: [run] } });
    expect(d.samples.relabeled).toEqual([{ position: 0, from: 'setosa', to: 'versicolor' }]);
    expect(d.samples.added).toEqual([149, 150]);
  });
});

describe('splits', () => {
  it('stores a stratified, seeded train/validation/test split with a version', () => {
    expect(cairn(['datasets', 'import', dataset('wine.csv'), '--name', 'wine']).code).toBe(0);
    const s = cairn(['datasets', 'split', 'wine', '--validation', '0.2', '--test', '0.1', '--seed', '5', '--json']);
    expect(s.code, s.stderr).toBe(0);
    const split = s.json();
    expect(split.counts.train + split.counts.validation + split.counts.test).toBe(178);
    expect(split.counts.test).toBe(Math.round(178 * 0.1));
    // Every class keeps its share in each split, to within one row.
    const shown = cairn(['datasets', 'show', 'wine', '--json']).json();
    expect(shown.splits).toEqual(split);
    for (const counts of Object.values(split.byClass) as Record<string, number>[]) {
      const n = counts.train + counts.validation + counts.test;
      expect(Math.abs(counts.test - n * 0.1)).toBeLessThanOrEqual(1);
      expect(Math.abs(counts.validation - n * 0.2)).toBeLessThanOrEqual(1.5);
    }
    expect(cairn(['datasets', 'split', 'wine', '--validation', '0.2', '--test', '0.1', '--seed', '5', '--json']).json()).toEqual(split);
    const bad = cairn(['datasets', 'split', 'wine', '--validation', '0.6', '--test', '0.5']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/leave rows to train on/);
  });
});
