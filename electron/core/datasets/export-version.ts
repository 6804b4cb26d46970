import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import type { DatasetVersionInfo } from '../../../shared/domain';
import type { Cell } from './csv-parse';
import type { DatasetService } from './dataset-service';
import { exportBoxes } from './boxes/export-boxes';

export type ExportFormat = 'csv' | 'jsonl' | 'coco' | 'yolo';

/** The rows of a version in its original column order (label in its place), or image records. */
function records(datasets: DatasetService, v: DatasetVersionInfo): { columns: string[]; rows: Cell[][] } {
  const items = datasets.repo.items(v.id);
  if (v.kind === 'images') {
    return { columns: ['image', 'label', 'sha256'], rows: items.map((i) => [i.name, i.label, i.fileHash]) };
  }
  const columns = v.columns.map((c) => c.name);
  const labelAt = columns.indexOf(v.labelColumn ?? '');
  const labelNumeric = labelAt >= 0 && v.columns[labelAt].type === 'numeric';
  const rows = items.map((i) => {
    const row = [...(JSON.parse(i.data ?? '[]') as Cell[])];
    if (labelAt >= 0) row.splice(labelAt, 0, i.label === null ? null : labelNumeric ? Number(i.label) : i.label);
    return row;
  });
  return { columns, rows };
}

/**
 * Writes a version as CSV or JSON Lines, atomically (a temp file renamed into place), or its
 * images and boxes as a COCO or YOLO folder (see boxes/export-boxes).
 */
export async function exportVersion(datasets: DatasetService, v: DatasetVersionInfo, format: ExportFormat, out: string): Promise<{ path: string; rows: number }> {
  if (format === 'coco' || format === 'yolo') return exportBoxes(datasets, v, format, out);
  const { columns, rows } = records(datasets, v);
  const text =
    format === 'csv'
      ? Papa.unparse({ fields: columns, data: rows.map((r) => r.map((c) => (c === null ? '' : c))) }, { newline: '\n' }) + '\n'
      : rows.map((r) => JSON.stringify(Object.fromEntries(columns.map((c, i) => [c, r[i] ?? null])))).join('\n') + '\n';
  const target = path.resolve(out);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, target);
  return { path: target, rows: rows.length };
}
