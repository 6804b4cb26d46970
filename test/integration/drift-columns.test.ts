import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/core';
import { driftReport, versionDriftColumns, versionTable, type TableData } from '../../electron/core/monitoring/drift-service';
import { csvLine } from '../../shared/csv/write';
import { DRIFT_CASES, table } from '../reference/cases';
import { tempDir } from '../helpers';

// A stored reference is read for drift straight into columns, in item order with each item counted
// once per row holding it. Its report must be the one the golden-checked path gives on the same
// rows held as a table (test/reference/drift.test.ts checks that path against Evidently).

let dir: string;
let core: Core;

beforeAll(() => {
  dir = tempDir('cairn-drift-columns-');
  core = new Core({ dataDir: path.join(dir, 'data'), transport: 'http' });
});
afterAll(() => core.close());

async function stored(name: string, t: TableData, labelColumn?: string) {
  const file = path.join(dir, `${name}.csv`);
  fs.writeFileSync(file, [csvLine(t.columns.map((c) => c.name)), ...t.rows.map((r) => csvLine(r))].join('\n') + '\n');
  await core.services.datasets.import({ path: file, name, labelColumn });
  return core.services.datasets.resolve({ name });
}

describe('drift against a stored reference', () => {
  it.each(Object.keys(DRIFT_CASES))('%s: the report read by columns is the one of the same rows as a table', async (name) => {
    const c = DRIFT_CASES[name];
    const [reference, current] = c.split(await table(c.data));
    const v = await stored(name, reference);
    const byColumns = driftReport(versionDriftColumns(core.services.datasets, v), current);
    expect(byColumns).toEqual({ ...driftReport(reference, current), reference: `${name}@1` });
    expect(byColumns).toEqual(driftReport(versionTable(core.services.datasets, v), current));
  });

  it('counts a repeated row once per row, and reads a numeric label and missing cells as the table does', async () => {
    const rows: (string | number | null)[][] = [];
    for (let i = 0; i < 3000; i++) rows.push([i % 7 === 0 ? null : (i * 37) % 101, ['a', 'b', 'c'][i % 3], i % 5 === 0 ? null : i % 4]);
    // The same 500 rows again, twice: items are content-addressed, so they are stored once each.
    for (let k = 0; k < 2; k++) rows.push(...rows.slice(0, 500));
    const columns = [
      { name: 'x', type: 'numeric' },
      { name: 'cat', type: 'categorical' },
      { name: 'y', type: 'numeric' },
    ];
    const v = await stored('repeats', { label: 'repeats', columns, rows }, 'y');
    const items = core.services.db.prepare('SELECT COUNT(DISTINCT item_id) FROM version_items WHERE version_id = ?').pluck().get(v.id);
    expect(items).toBeLessThan(v.rows);
    const current: TableData = { label: 'current', columns, rows: rows.slice(1000, 2000).map(([x, cat, y]) => [typeof x === 'number' ? x + 5 : x, cat, y]) };
    const byColumns = driftReport(versionDriftColumns(core.services.datasets, v), current);
    expect(byColumns).toEqual(driftReport(versionTable(core.services.datasets, v), current));
    expect(byColumns.columns.map((col) => [col.name, col.columnType])).toEqual([
      ['x', 'numeric'],
      ['cat', 'categorical'],
      ['y', 'numeric'],
    ]);
  });
});
