import type { DatasetVersionInfo } from '../../../shared/domain';
import { datasetDrift, type DatasetDriftResult, type DriftColumnInput } from '../../../shared/stats';
import { parseCsvFile, type Cell } from '../datasets/csv-parse';
import type { DatasetService } from '../datasets/dataset-service';
import { UserError } from '../errors';

export interface TableData {
  label: string;
  columns: { name: string; type: string }[];
  rows: Cell[][];
}

export interface DriftReport extends DatasetDriftResult {
  reference: string;
  current: string;
  /** Reference columns not tested: absent from the current data, without a value on either side, or free text. */
  missingColumns: string[];
}

/** Rows of a tabular dataset version with every column, the label included, in column order. */
export function versionTable(datasets: DatasetService, v: DatasetVersionInfo): TableData {
  if (v.kind !== 'tabular') throw new UserError(`Drift compares tables; ${datasets.repo.datasetName(v.datasetId)}@${v.version} holds images`);
  const labelIndex = v.columns.findIndex((c) => c.name === v.labelColumn);
  // Streamed: the rows' JSON text is never all held at once beside the parsed rows.
  const rows: Cell[][] = [];
  for (const item of datasets.repo.iterateItems(v.id)) {
    const row = JSON.parse(item.data ?? '[]') as Cell[];
    if (labelIndex >= 0) row.splice(labelIndex, 0, item.label === null ? null : v.columns[labelIndex].type === 'numeric' ? Number(item.label) : item.label);
    rows.push(row);
  }
  return { label: `${datasets.repo.datasetName(v.datasetId)}@${v.version}`, columns: v.columns, rows };
}

export async function csvTable(file: string): Promise<TableData> {
  const t = await parseCsvFile(file);
  return { label: file, columns: t.columns, rows: t.rows };
}

/**
 * The columns both tables hold, as drift inputs with missing (and infinite) values dropped, as Evidently's
 * get_one_column_drift does. A column left empty on either side cannot be tested (Evidently refuses the
 * whole report), so it goes to `missing` with the columns the current data lacks. So does free text:
 * Evidently tests it with a domain classifier, not a category test, under which nearly unique values
 * would always drift.
 */
export function driftInputs(reference: TableData, current: TableData): { inputs: DriftColumnInput[]; missing: string[] } {
  const currentIndex = new Map(current.columns.map((c, i) => [c.name, i]));
  const inputs: DriftColumnInput[] = [];
  const missing: string[] = [];
  reference.columns.forEach((col, ri) => {
    const ci = currentIndex.get(col.name);
    if (ci === undefined || col.type === 'text' || col.type === 'image') {
      missing.push(col.name);
      return;
    }
    if (col.type === 'numeric') {
      const num = (rows: Cell[][], i: number) => rows.map((r) => r[i]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
      const r = num(reference.rows, ri);
      const c = num(current.rows, ci);
      if (r.length && c.length) inputs.push({ name: col.name, type: 'numeric', reference: Float64Array.from(r), current: Float64Array.from(c) });
      else missing.push(col.name);
    } else {
      const cat = (rows: Cell[][], i: number) => rows.flatMap((r) => (r[i] === null ? [] : [String(r[i])]));
      const r = cat(reference.rows, ri);
      const c = cat(current.rows, ci);
      if (r.length && c.length) inputs.push({ name: col.name, type: 'categorical', reference: r, current: c });
      else missing.push(col.name);
    }
  });
  return { inputs, missing };
}

/**
 * Per-column drift of current data against a reference, each column tested as Evidently does by
 * default (KS / chi-square / Z-test up to 1000 reference rows, Wasserstein / Jensen-Shannon above).
 */
export function driftReport(reference: TableData, current: TableData, shareThreshold = 0.5): DriftReport {
  const { inputs, missing } = driftInputs(reference, current);
  if (inputs.length === 0) throw new UserError(`${current.label} shares no columns with ${reference.label}`);
  return { ...datasetDrift(inputs, shareThreshold), reference: reference.label, current: current.label, missingColumns: missing };
}
