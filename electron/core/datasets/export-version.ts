import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import type { DatasetVersionInfo } from '../../../shared/domain';
import type { Cell } from './csv-parse';
import type { DatasetService } from './dataset-service';
import type { VersionItem } from './dataset-repo';
import { exportBoxes } from './boxes/export-boxes';
import { withPendingOutput } from '../files/pending-outputs';

export type ExportFormat = 'csv' | 'jsonl' | 'coco' | 'yolo';

/** The header and the cells of one item, in the version's original column order (label in its place), or image records. */
function rowShape(v: DatasetVersionInfo): { columns: string[]; row: (item: VersionItem) => Cell[] } {
  if (v.kind === 'images') return { columns: ['image', 'label', 'sha256'], row: (i) => [i.name, i.label, i.fileHash] };
  const columns = v.columns.map((c) => c.name);
  const labelAt = columns.indexOf(v.labelColumn ?? '');
  const labelNumeric = labelAt >= 0 && v.columns[labelAt].type === 'numeric';
  return {
    columns,
    row: (i) => {
      const row = [...(JSON.parse(i.data ?? '[]') as Cell[])];
      if (labelAt >= 0) row.splice(labelAt, 0, i.label === null ? null : labelNumeric ? Number(i.label) : i.label);
      return row;
    },
  };
}

/**
 * Writes a version as CSV or JSON Lines, atomically (a temp file renamed into place), or its
 * images and boxes as a COCO or YOLO folder (see boxes/export-boxes).
 */
export async function exportVersion(
  datasets: DatasetService,
  v: DatasetVersionInfo,
  format: ExportFormat,
  out: string,
): Promise<{ path: string; rows: number }> {
  if (format === 'coco' || format === 'yolo') return exportBoxes(datasets, v, format, out);
  const { columns, row } = rowShape(v);
  const target = path.resolve(out);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.tmp`;
  const rows = await withPendingOutput(datasets.tmpDir, tmp, async () => {
    const written = writeRows(datasets, v, format, columns, row, tmp);
    fs.renameSync(tmp, target);
    return written;
  });
  return { path: target, rows };
}

/** The rows in slices, so a million-row version never sits in memory as one string. */
function writeRows(
  datasets: DatasetService,
  v: DatasetVersionInfo,
  format: 'csv' | 'jsonl',
  columns: string[],
  row: (item: VersionItem) => Cell[],
  tmp: string,
): number {
  const fd = fs.openSync(tmp, 'w');
  let rows = 0;
  try {
    if (format === 'csv') fs.writeSync(fd, Papa.unparse({ fields: columns, data: [] }, { newline: '\n' }).trimEnd() + '\n');
    let slice: Cell[][] = [];
    const flush = () => {
      if (slice.length === 0) return;
      const text =
        format === 'csv'
          ? Papa.unparse(
              slice.map((r) => r.map((c) => (c === null ? '' : c))),
              { newline: '\n' },
            )
          : slice.map((r) => JSON.stringify(Object.fromEntries(columns.map((c, i) => [c, r[i] ?? null])))).join('\n');
      fs.writeSync(fd, text + '\n');
      slice = [];
    };
    for (const item of datasets.repo.iterateItems(v.id)) {
      slice.push(row(item));
      rows++;
      if (slice.length === 10_000) flush();
    }
    flush();
  } catch (err) {
    fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  fs.closeSync(fd);
  return rows;
}
