import fs from 'node:fs';
import type { ColumnInfo, DatasetVersionInfo } from '../../../shared/domain';
import type { Cell } from '../datasets/csv-parse';
import type { DatasetService } from '../datasets/dataset-service';
import { exportVersion } from '../datasets/export-version';
import { UserError } from '../errors';
import { jobScratchPath } from '../training/jobs-folder';
import type { TableData } from './drift-service';
import { csvLine } from '../../../shared/csv/write';

/** A table as CSV text, header first. */
export function tableCsv(columns: ReadonlyArray<{ name: string }>, rows: ReadonlyArray<ReadonlyArray<Cell>>): string {
  const lines = [csvLine(columns.map((c) => c.name))];
  for (const r of rows) lines.push(csvLine(r));
  return lines.join('\n') + '\n';
}

/** The new table's labelled rows, in the old version's column order (its name is `oldLabel`). */
function alignRows(columns: ColumnInfo[], oldLabel: string, fresh: TableData, labelColumn: string): Cell[][] {
  const at = columns.map((c) => fresh.columns.findIndex((x) => x.name === c.name));
  const missing = columns.filter((_, i) => at[i] < 0).map((c) => c.name);
  if (missing.includes(labelColumn)) throw new UserError(`${fresh.label} has no label column "${labelColumn}"; retraining needs labelled rows`);
  if (missing.length) throw new UserError(`${fresh.label} lacks column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of ${oldLabel}`);
  const labelAt = at[columns.findIndex((c) => c.name === labelColumn)];
  const rows = fresh.rows.filter((r) => r[labelAt] !== null).map((r) => at.map((i) => r[i]));
  if (rows.length === 0) throw new UserError(`${fresh.label}: no row has a label in "${labelColumn}"`);
  return rows;
}

export interface AppendPlan {
  version: DatasetVersionInfo;
  added: Cell[][];
}

/** Checks the new table fits the version (same columns, labelled rows) before anything is written. */
export function planAppend(datasets: DatasetService, oldV: DatasetVersionInfo, fresh: TableData): AppendPlan {
  if (oldV.kind !== 'tabular' || !oldV.labelColumn) throw new UserError('Appending merges table rows; the version holds images or unlabelled data');
  const oldLabel = `${datasets.repo.datasetName(oldV.datasetId)}@${oldV.version}`;
  return { version: oldV, added: alignRows(oldV.columns, oldLabel, fresh, oldV.labelColumn) };
}

/**
 * The planned rows appended as the next version of the same dataset, through the dataset service so
 * versions stay immutable. The version's rows are written out streamed (a million-row version is
 * never held), the new ones after them.
 */
export async function appendRows(datasets: DatasetService, jobsDir: string, plan: AppendPlan): Promise<{ version: DatasetVersionInfo; addedRows: number }> {
  const file = jobScratchPath(jobsDir, 'append', '.csv');
  try {
    await exportVersion(datasets, plan.version, 'csv', file);
    fs.appendFileSync(file, plan.added.map((r) => csvLine(r) + '\n').join(''));
    const info = await datasets.import({
      path: file,
      name: datasets.repo.datasetName(plan.version.datasetId),
      labelColumn: plan.version.labelColumn ?? undefined,
    });
    return { version: datasets.resolve({ id: info.id }), addedRows: plan.added.length };
  } finally {
    fs.rmSync(file, { force: true });
  }
}
