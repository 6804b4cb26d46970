// The inputs behind the golden files: datasets read with Cairn's own CSV reader, the row selections and the
// hand-made predictions that test/reference/generate.py defines in Python. Change both together.

import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { Cell } from '../../electron/core/datasets/csv-parse';
import { csvTable, type TableData } from '../../electron/core/monitoring/drift-service';
import { dataset } from '../helpers';

export type DatasetName = 'adult' | 'iris' | 'wine' | 'breast_cancer';

const tables = new Map<DatasetName, Promise<TableData>>();

export function table(name: DatasetName): Promise<TableData> {
  let t = tables.get(name);
  if (!t) tables.set(name, (t = csvTable(dataset(name === 'adult' ? 'adult.csv.gz' : `${name}.csv`))));
  return t;
}

export function column(t: TableData, name: string): Cell[] {
  const i = t.columns.findIndex((c) => c.name === name);
  if (i < 0) throw new Error(`no column ${name}`);
  return t.rows.map((r) => r[i]);
}

const withRows = (t: TableData, rows: Cell[][], label: string): TableData => ({ ...t, label, rows });

/** generate.py blank: rows start..end-1, the value of `name` missing where the row number % every == 0. */
function blank(t: TableData, start: number, end: number, name: string, every: number): Cell[][] {
  const at = t.columns.findIndex((c) => c.name === name);
  return t.rows.slice(start, end).map((r, i) => ((start + i) % every === 0 ? r.map((v, j) => (j === at ? null : v)) : r));
}

/** generate.py DRIFT_CASES: reference and current rows of each drift case (0-based data rows). */
export const DRIFT_CASES: Record<string, { data: DatasetName; split: (t: TableData) => [TableData, TableData] }> = {
  'adult-first8000-vs-age45': {
    data: 'adult',
    split: (t) => {
      const age = column(t, 'age');
      return [
        withRows(t, t.rows.slice(0, 8000), 'rows 1-8000'),
        withRows(
          t,
          t.rows.filter((_, i) => (age[i] as number) >= 45),
          'age >= 45',
        ),
      ];
    },
  },
  'adult-halves': { data: 'adult', split: (t) => [withRows(t, t.rows.slice(0, 16000), 'first'), withRows(t, t.rows.slice(16000), 'second')] },
  'adult-first1000-vs-women': {
    data: 'adult',
    split: (t) => {
      const sex = column(t, 'sex');
      return [
        withRows(t, t.rows.slice(0, 1000), 'rows 1-1000'),
        withRows(
          t,
          t.rows.filter((_, i) => i >= 1000 && i < 6000 && sex[i] === 'Female'),
          'women',
        ),
      ];
    },
  },
  'adult-blanks': {
    data: 'adult',
    split: (t) => [
      withRows(t, blank(t, 0, 1020, 'hours-per-week', 50), 'rows 1-1020'),
      withRows(t, blank(t, 20000, 25000, 'workclass', 3), 'rows 20001-25000'),
    ],
  },
  'adult-three-degrees': {
    data: 'adult',
    split: (t) => {
      const [edu, age] = [column(t, 'education-num'), column(t, 'age')];
      const degree = (i: number) => [9, 10, 13].includes(edu[i] as number);
      return [
        withRows(
          t,
          t.rows.filter((_, i) => i < 16000 && degree(i)),
          'first',
        ),
        withRows(
          t,
          t.rows.filter((_, i) => i >= 16000 && degree(i) && (age[i] as number) >= 40),
          'second, 40+',
        ),
      ];
    },
  },
  'adult-two-degrees-small': {
    data: 'adult',
    split: (t) => {
      const edu = column(t, 'education-num');
      const degree = (i: number) => edu[i] === 9 || edu[i] === 13;
      return [
        withRows(
          t,
          t.rows.filter((_, i) => i < 1900 && degree(i)),
          'rows 1-1900',
        ),
        withRows(
          t,
          t.rows.filter((_, i) => i >= 10000 && i < 13000 && degree(i)),
          'rows 10001-13000',
        ),
      ];
    },
  },
  'iris-halves': { data: 'iris', split: (t) => [withRows(t, t.rows.slice(0, 75), 'first'), withRows(t, t.rows.slice(75), 'second')] },
  'wine-even-vs-odd': {
    data: 'wine',
    split: (t) => [
      withRows(
        t,
        t.rows.filter((_, i) => i % 2 === 0),
        'even',
      ),
      withRows(
        t,
        t.rows.filter((_, i) => i % 2 === 1),
        'odd',
      ),
    ],
  },
  'breast_cancer-halves': { data: 'breast_cancer', split: (t) => [withRows(t, t.rows.slice(0, 300), 'first'), withRows(t, t.rows.slice(300), 'second')] },
};

/** generate.py adult_score: an integer income score 5..995 per row; P(>50K) = score / 1000. */
export function adultScore(t: TableData): number[] {
  const [edu, age, hours, marital, gain] = ['education-num', 'age', 'hours-per-week', 'marital-status', 'capital-gain'].map((c) => column(t, c));
  return t.rows.map((_, i) => {
    const k =
      30 * (edu[i] as number) +
      2 * (age[i] as number) +
      3 * (hours[i] as number) +
      (marital[i] === 'Married-civ-spouse' ? 250 : 0) +
      ((gain[i] as number) > 5000 ? 300 : 0) -
      300;
    return Math.min(995, Math.max(5, k));
  });
}

/** generate.py rule_rater: a threshold rule as a third labeler. */
export function ruleRater(data: 'iris' | 'wine', t: TableData): string[] {
  if (data === 'iris') return column(t, 'petal_length').map((v) => ((v as number) < 2.5 ? 'setosa' : (v as number) < 4.9 ? 'versicolor' : 'virginica'));
  return column(t, 'flavanoids').map((v) => ((v as number) >= 2.3 ? 'class_0' : (v as number) >= 1.4 ? 'class_1' : 'class_2'));
}

/** A golden file, with the numbers JSON cannot hold ('NaN', 'Infinity') turned back into numbers. */
export function golden<T>(file: string): T {
  const text = fs.readFileSync(path.join(__dirname, 'golden', file), 'utf8');
  return JSON.parse(text, (_, v) => (v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v)) as T;
}

/** Agreement to 1e-9: absolute below 1, relative above; NaN and infinities must match exactly. */
export function expectClose(actual: number, expected: number, what: string): void {
  if (!Number.isFinite(expected)) {
    expect(actual, what).toBe(expected);
    return;
  }
  expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
}
