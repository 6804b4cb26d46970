import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { TabularCell, TabularColumn } from '../../shared/ml';

// Reader of the core's NDJSON table (see TabularJobData). Callers make several passes instead of
// holding the rows: a million-row table as JS arrays would take gigabytes; a pass takes seconds.

export type TabularRowVisitor = (label: string | number | null, cells: TabularCell[], row: number) => void;

/** Calls `visit` for each row in file order; returns the header's columns and the row count. */
export async function scanTabularFile(file: string, visit: TabularRowVisitor): Promise<{ columns: TabularColumn[]; rows: number }> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 }), crlfDelay: Infinity });
  let columns: TabularColumn[] | null = null;
  let row = 0;
  for await (const line of lines) {
    if (line === '') continue;
    if (columns === null) {
      columns = (JSON.parse(line) as { columns: TabularColumn[] }).columns;
      continue;
    }
    const [label, cells] = JSON.parse(line) as [string | number | null, TabularCell[]];
    visit(label, cells, row++);
  }
  if (columns === null) throw new Error(`the data file ${file} has no header line`);
  return { columns, rows: row };
}
