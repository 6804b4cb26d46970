import { describe, expect, it } from 'vitest';
import { driftReport, type TableData } from '../../electron/core/monitoring/drift-service';

const columns = [
  { name: 'x', type: 'numeric' },
  { name: 'c', type: 'categorical' },
  { name: 'empty_now', type: 'numeric' },
  { name: 'empty_before', type: 'categorical' },
];

const rows = (n: number, f: (i: number) => TableData['rows'][number]) => Array.from({ length: n }, (_, i) => f(i));

describe('drift report and missing values (Evidently get_one_column_drift)', () => {
  const reference: TableData = { label: 'ref', columns, rows: rows(40, (i) => [i % 10, i % 4 < 2 ? null : ['a', 'b'][i % 2], i, null]) };
  const current: TableData = {
    label: 'cur',
    columns,
    rows: rows(30, (i) => [i % 3 === 0 ? Infinity : i % 10, i % 5 === 0 ? null : ['a', 'b'][i % 2], null, 'z']),
  };

  it('drops missing and infinite values before testing, and lists columns left empty on either side as not tested', () => {
    const r = driftReport(reference, current);
    expect(r.columns.map((c) => c.name)).toEqual(['x', 'c']);
    expect(r.missingColumns).toEqual(['empty_now', 'empty_before']);
    expect(r.numberOfColumns).toBe(2);
    const x = r.columns[0];
    expect([x.referenceSize, x.currentSize]).toEqual([40, 20]);
    const c = r.columns[1];
    expect([c.referenceSize, c.currentSize]).toEqual([20, 24]);
    // Reference 10 a / 10 b, current 12 a / 12 b once blanks are dropped: equal shares, z-test p = 1.
    expect(c).toMatchObject({ test: 'z', score: 1, drifted: false });
  });

  it('does not run a category test on free text (Evidently uses a domain classifier), where unique values would always drift', () => {
    const cols = [
      { name: 'n', type: 'numeric' },
      { name: 'note', type: 'text' },
    ];
    const sentence = (i: number) => `customer ${i} wrote a note about order ${i * 7}`;
    const ref: TableData = { label: 'ref', columns: cols, rows: rows(50, (i) => [i, sentence(i)]) };
    const cur: TableData = { label: 'cur', columns: cols, rows: rows(50, (i) => [i, sentence(i + 50)]) };
    const r = driftReport(ref, cur);
    expect(r.columns.map((c) => c.name)).toEqual(['n']);
    expect(r.missingColumns).toEqual(['note']);
    expect(r).toMatchObject({ numberOfColumns: 1, numberOfDriftedColumns: 0, datasetDrift: false });
  });

  it('refuses, in one line, a current table that shares no testable column', () => {
    const none: TableData = { label: 'cur', columns, rows: rows(5, () => [null, null, null, null]) };
    expect(() => driftReport(reference, none)).toThrow(/^cur shares no columns with ref$/);
  });
});
