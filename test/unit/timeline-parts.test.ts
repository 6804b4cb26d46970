import { describe, expect, it } from 'vitest';
import type { TabularSpec } from '../../shared/ml';
import { expectedCorrect, isotonicFit } from '../../electron/core/monitoring/timeline-cbpe';
import { bySize, chunkTable } from '../../electron/core/monitoring/timeline-chunks';
import { modelRows } from '../../electron/core/predict/table-rows';
import { UserError } from '../../electron/core/errors';

describe('isotonicFit (CBPE calibration)', () => {
  // /usr/bin/python3: rng = numpy.random.default_rng(7); x = numpy.round(rng.random(40), 4);
  // y = (rng.random(40) < x).astype(int); sklearn.isotonic.IsotonicRegression().fit_transform(x, y)
  const x = [
    0.6251, 0.8972, 0.7757, 0.2252, 0.3002, 0.8736, 0.0053, 0.8212, 0.7971, 0.4679, 0.303, 0.2784, 0.2549, 0.4451, 0.5045, 0.5535, 0.9955, 0.7927, 0.6222,
    0.989, 0.2153, 0.1602, 0.6125, 0.0439, 0.0357, 0.5149, 0.4662, 0.9172, 0.6292, 0.5141, 0.4969, 0.2475, 0.0118, 0.1924, 0.692, 0.2006, 0.3695, 0.0037, 0.83,
    0.1545,
  ];
  const y = [1, 1, 1, 0, 0, 1, 0, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 1, 0, 0, 0, 0, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 1, 1];
  const sklearn = [
    0.625, 1.0, 1.0, 0.142857142857, 0.2, 1.0, 0.0, 1.0, 1.0, 0.5, 0.2, 0.2, 0.2, 0.5, 0.625, 0.625, 1.0, 1.0, 0.625, 1.0, 0.142857142857, 0.142857142857,
    0.625, 0.0, 0.0, 0.625, 0.5, 1.0, 0.625, 0.625, 0.5, 0.142857142857, 0.0, 0.142857142857, 1.0, 0.142857142857, 0.2, 0.0, 1.0, 0.142857142857,
  ];

  it("matches sklearn's fitted values at the training scores", () => {
    const f = isotonicFit(Float64Array.from(x), Float64Array.from(y));
    x.forEach((s, i) => expect(f(s)).toBeCloseTo(sklearn[i] ?? NaN, 10));
  });

  it('is a non-decreasing step function, clipped past both ends', () => {
    const f = isotonicFit(Float64Array.from(x), Float64Array.from(y));
    const grid = Array.from({ length: 101 }, (_, i) => i / 100);
    const values = grid.map(f);
    values.slice(1).forEach((v, i) => expect(v).toBeGreaterThanOrEqual(values[i] ?? Infinity));
    expect(f(-5)).toBe(0);
    expect(f(5)).toBe(1);
  });

  it('estimates each row as right with the calibrated probability of its prediction', () => {
    const calibrate = (s: number) => (s > 0.5 ? 0.9 : 0.3);
    // Binary, positive class 1: p = 0.8 predicts positive (right with 0.9), p = 0.2 negative (right with 1 - 0.3).
    expect(
      Array.from(
        expectedCorrect(
          [
            [0.2, 0.8],
            [0.8, 0.2],
          ],
          1,
          calibrate,
        ),
      ),
    ).toEqual([0.9, 0.7]);
    // More classes: the top probability.
    expect(Array.from(expectedCorrect([[0.1, 0.6, 0.3]], null, null))).toEqual([0.6]);
  });
});

describe('chunking', () => {
  it('cuts rows by size, a short last run joining the one before', () => {
    const rows = (n: number) => Array.from({ length: n }, (_, i) => i);
    expect(bySize(rows(25), 10).map((c) => c.length)).toEqual([10, 10, 5]);
    expect(bySize(rows(24), 10).map((c) => c.length)).toEqual([10, 14]);
    expect(bySize(rows(4), 10).map((c) => c.length)).toEqual([4]);
    expect(bySize([], 10)).toEqual([]);
  });

  it('groups by ISO week in time order, dropping rows whose time does not read', () => {
    const table = {
      label: 'batch.csv',
      columns: [
        { name: 'ts', type: 'categorical' },
        { name: 'x', type: 'numeric' },
      ],
      // 2024-01-01 is a Monday.
      rows: [
        ['2024-01-09', 1],
        ['2024-01-01', 2],
        ['not a date', 3],
        [null, 4],
        ['2024-01-07', 5],
        ['2024-01-08', 6],
      ],
    };
    const r = chunkTable(table, { timestamp: 'ts', period: 'week' });
    expect(r.by).toBe('period');
    expect(r.dropped).toBe(2);
    expect(r.chunks.map((c) => [c.key, c.rows])).toEqual([
      ['2024-01-01', [1, 4]],
      ['2024-01-08', [5, 0]],
    ]);
    expect(r.chunks[0]?.from).toBe(Date.parse('2024-01-01'));
    expect(r.chunks[1]?.to).toBe(Date.parse('2024-01-09'));
  });

  it('refuses a period without a timestamp, and a timestamp column the table lacks, in one line', () => {
    const table = { label: 'batch.csv', columns: [{ name: 'x', type: 'numeric' }], rows: [[1]] };
    expect(() => chunkTable(table, { period: 'day' })).toThrow(/^Grouping by period needs a timestamp column$/);
    expect(() => chunkTable(table, { timestamp: 'when' })).toThrow(/^batch\.csv has no column "when" \(columns: x\)$/);
  });
});

describe('modelRows (rows sent to the predict worker)', () => {
  const spec: TabularSpec = {
    kind: 'tabular',
    features: [
      { kind: 'categorical', name: 'city', index: 1, categories: ['007', 'Oslo'] },
      { kind: 'numeric', name: 'age', index: 0, mean: 40, std: 10 },
    ],
    width: 3,
    ignored: [],
  };

  it("lays each table's cells out in the training column order, keeping each cell as it is", () => {
    expect(
      modelRows(
        'cur',
        ['id', 'city', 'label', 'age'],
        [
          [1, '007', 'yes', 31],
          [2, null, 'no', '44'],
        ],
        spec,
      ),
    ).toEqual([
      [31, '007'],
      ['44', null],
    ]);
  });

  it('names the table and the missing feature columns in one line', () => {
    const run = () => modelRows('current.csv', ['id', 'label'], [[1, 'yes']], spec);
    expect(run).toThrow(UserError);
    expect(run).toThrow(/^current\.csv: missing columns "city", "age"; the model was trained on city, age$/);
  });
});
