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
 * A table's columns as the drift tests take them: a numeric column's finite numbers, another
 * column's values as text, missing (and infinite) values dropped, as Evidently's
 * get_one_column_drift does; free text and images hold nothing (see driftInputs).
 */
export interface DriftColumns {
  label: string;
  columns: { name: string; type: string }[];
  values: (Float64Array | string[])[];
}

const tested = (type: string) => type !== 'text' && type !== 'image';
/** A column tested as categories on one side and typed numbers on the other: its numbers as text. */
const texts = (v: Float64Array | string[]): string[] => (v instanceof Float64Array ? Array.from(v, String) : v);

function driftColumns(t: TableData | DriftColumns): DriftColumns {
  if ('values' in t) return t;
  const values = t.columns.map((col, i): Float64Array | string[] => {
    if (!tested(col.type)) return [];
    if (col.type === 'numeric') return Float64Array.from(t.rows.map((r) => r[i]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v)));
    return t.rows.flatMap((r) => (r[i] === null ? [] : [String(r[i])]));
  });
  return { label: t.label, columns: t.columns, values };
}

/**
 * The same for a dataset version, read straight into columns as its rows stream from the store: a
 * million-row reference held as rows took about a gigabyte, its columns about 100 MB (numbers as
 * doubles, repeated categories as one string each).
 */
export function versionDriftColumns(datasets: DatasetService, v: DatasetVersionInfo): DriftColumns {
  if (v.kind !== 'tabular') throw new UserError(`Drift compares tables; ${datasets.repo.datasetName(v.datasetId)}@${v.version} holds images`);
  const labelIndex = v.columns.findIndex((c) => c.name === v.labelColumn);
  const numbers = v.columns.map((c) => (c.type === 'numeric' ? new GrowingDoubles() : null));
  const categories = v.columns.map((c) => (c.type !== 'numeric' && tested(c.type) ? ([] as string[]) : null));
  const interned = new Map<string, string>();
  const add = (c: number, cell: Cell) => {
    if (cell === null) return;
    const n = numbers[c];
    if (n) {
      if (typeof cell === 'number' && Number.isFinite(cell)) n.push(cell);
      return;
    }
    const text = String(cell);
    let one = interned.get(text);
    if (one === undefined) interned.set(text, (one = text));
    categories[c]?.push(one);
  };
  // Drift compares distributions, so row order doesn't matter: each item's cells count once per
  // row holding it, read in item order, and the labels on their own.
  for (const item of datasets.repo.distinctItems(v.id)) {
    const cells = JSON.parse(item.data ?? '[]') as Cell[];
    for (let r = 0; r < item.rows; r++) {
      for (let c = 0, k = 0; c < v.columns.length; c++) if (c !== labelIndex) add(c, cells[k++] ?? null);
    }
  }
  if (labelIndex >= 0) for (const label of datasets.repo.labels(v.id)) add(labelIndex, label === null ? null : numbers[labelIndex] ? Number(label) : label);
  return {
    label: `${datasets.repo.datasetName(v.datasetId)}@${v.version}`,
    columns: v.columns,
    values: v.columns.map((_, c) => numbers[c]?.values() ?? categories[c] ?? []),
  };
}

/** Doubles appended one at a time into a typed array that doubles when full. */
class GrowingDoubles {
  private data = new Float64Array(1024);
  private length = 0;

  push(x: number): void {
    if (this.length === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = x;
  }

  values(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

/**
 * The columns both tables hold, as drift inputs. A column left empty on either side cannot be
 * tested (Evidently refuses the whole report), so it goes to `missing` with the columns the current
 * data lacks. So does free text: Evidently tests it with a domain classifier, not a category test,
 * under which nearly unique values would always drift.
 */
export function driftInputs(reference: TableData | DriftColumns, current: TableData | DriftColumns): { inputs: DriftColumnInput[]; missing: string[] } {
  const ref = driftColumns(reference);
  const cur = driftColumns(current);
  const currentIndex = new Map(cur.columns.map((c, i) => [c.name, i]));
  const inputs: DriftColumnInput[] = [];
  const missing: string[] = [];
  ref.columns.forEach((col, ri) => {
    const ci = currentIndex.get(col.name);
    const r = ref.values[ri];
    const c = ci === undefined ? null : cur.values[ci];
    if (c === null || !tested(col.type) || r.length === 0 || c.length === 0) missing.push(col.name);
    else if (col.type === 'numeric' && r instanceof Float64Array && c instanceof Float64Array)
      inputs.push({ name: col.name, type: 'numeric', reference: r, current: c });
    else if (col.type === 'numeric') missing.push(col.name);
    else inputs.push({ name: col.name, type: 'categorical', reference: texts(r), current: texts(c) });
  });
  return { inputs, missing };
}

/**
 * Per-column drift of current data against a reference, each column tested as Evidently does by
 * default (KS / chi-square / Z-test up to 1000 reference rows, Wasserstein / Jensen-Shannon above).
 */
export function driftReport(reference: TableData | DriftColumns, current: TableData | DriftColumns, shareThreshold = 0.5): DriftReport {
  const { inputs, missing } = driftInputs(reference, current);
  if (inputs.length === 0) throw new UserError(`${current.label} shares no columns with ${reference.label}`);
  return { ...datasetDrift(inputs, shareThreshold), reference: reference.label, current: current.label, missingColumns: missing };
}
