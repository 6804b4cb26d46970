import fs from 'node:fs';
import type { EvalSplit } from '../../../shared/api/calls/evaluation';
import type { DatasetKey } from '../../../shared/api/calls/keys';
import type { DatasetVersionInfo } from '../../../shared/domain';
import type { DatasetService } from '../datasets/dataset-service';
import { splitsOf } from '../datasets/splits';
import { UserError } from '../errors';
import { csvTable, versionTable, type TableData } from '../monitoring/drift-service';
import type { ModelSource } from '../registry/model-source';
import type { Db } from '../store/database';

const LABEL_NAMES = ['label', 'target', 'class', 'y'];

/** The labelled rows an evaluation runs on. */
export interface EvalData {
  table: TableData;
  labelColumn: string;
  /** True label per kept row (rows without a label are left out). */
  yTrue: string[];
  /** Position of each kept row in the source, so the UI can open it. */
  rowIndex: number[];
  /** Rows of the source without a label. */
  unlabeled: number;
  /** The part of the version's stored split evaluated; `all` for a whole version or a file. */
  split: EvalSplit;
  /** The dataset version evaluated; null for a CSV file. */
  version: DatasetVersionInfo | null;
  /** Said to the user beside the report (evaluating a whole version that has no split). */
  warnings: string[];
}

export type DataRef = { datasetId: DatasetKey; version?: number } | { path: string };

/**
 * The labelled rows of a CSV file or of a dataset version's split part. A version with a stored
 * split is evaluated on `test` unless told otherwise; one without is evaluated whole, with a warning.
 */
export async function loadEvalData(db: Db, datasets: DatasetService, source: ModelSource, ref: DataRef, wanted?: EvalSplit): Promise<EvalData> {
  let table: TableData;
  let labelColumn: string | null;
  let version: DatasetVersionInfo | null = null;
  let split: EvalSplit = 'all';
  let inSplit: (position: number) => boolean = () => true;
  const warnings: string[] = [];
  if ('path' in ref) {
    if (wanted !== undefined && wanted !== 'all')
      throw new UserError(
        `No ${wanted} part in a CSV file: splits are stored with dataset versions, so ${ref.path} is evaluated whole`,
        'invalid_input',
        'split',
      );
    if (!fs.existsSync(ref.path) || !fs.statSync(ref.path).isFile()) throw new UserError(`${ref.path}: no such file`);
    table = await csvTable(ref.path);
    labelColumn = csvLabelColumn(datasets, source, table);
  } else {
    const v = datasets.resolve({ id: ref.datasetId, version: ref.version });
    const name = `${datasets.repo.datasetName(v.datasetId)}@${v.version}`;
    if (v.kind !== 'tabular') throw new UserError(`${name} holds images; evaluation takes tables (a dataset version or a CSV file) for now`);
    if (!v.labelColumn) throw new UserError(`${name} has no label column, so there is nothing to evaluate against`);
    const stored = splitsOf(db, v);
    split = wanted ?? (stored ? 'test' : 'all');
    if (split !== 'all') {
      if (!stored)
        throw new UserError(`No ${split} part: ${name} has no stored split; split the dataset first, or evaluate all rows`, 'invalid_input', 'split');
      if (stored.counts[split] === 0) throw new UserError(`No ${split} part: ${name}'s stored split has no ${split} rows`, 'invalid_input', 'split');
      const part = new Set(db.prepare('SELECT position FROM version_splits WHERE version_id = ? AND split = ?').pluck().all(v.id, split) as number[]);
      inSplit = (position) => part.has(position);
    } else if (!stored) {
      warnings.push(`${name} has no stored split, so every row is evaluated, including any the model trained on; split the dataset to hold out a test part`);
    }
    table = versionTable(datasets, v);
    labelColumn = v.labelColumn;
    version = v;
  }
  const at = table.columns.findIndex((c) => c.name === labelColumn);
  const yTrue: string[] = [];
  const rowIndex: number[] = [];
  let unlabeled = 0;
  table.rows.forEach((r, i) => {
    if (!inSplit(i)) return;
    if (r[at] === null) {
      unlabeled++;
      return;
    }
    yTrue.push(String(r[at]));
    rowIndex.push(i);
  });
  if (yTrue.length === 0) throw new UserError(`${table.label}${split === 'all' ? '' : ` (${split} rows)`}: no row has a label in "${labelColumn}"`);
  const known = new Set(source.classes);
  const unknown = [...new Set(yTrue.filter((y) => !known.has(y)))];
  if (unknown.length) {
    throw new UserError(
      `${table.label}: label${unknown.length > 1 ? 's' : ''} ${unknown
        .slice(0, 5)
        .map((u) => `"${u}"`)
        .join(', ')} in "${labelColumn}" not among ${source.label}'s classes (${source.classes.join(', ')})`,
    );
  }
  return { table, labelColumn: labelColumn!, yTrue, rowIndex, unlabeled, split, version, warnings };
}

/** The training dataset's label column if the file has it, else a conventional name. */
function csvLabelColumn(datasets: DatasetService, source: ModelSource, table: TableData): string {
  const names = table.columns.map((c) => c.name);
  const trained = source.lineage.dataset;
  if (trained) {
    try {
      const v = datasets.resolve({ name: trained.name, version: trained.version });
      if (v.labelColumn && names.includes(v.labelColumn)) return v.labelColumn;
    } catch {
      // The training dataset may be gone (an imported bundle); fall back to the usual names.
    }
  }
  const guess = names.find((n) => LABEL_NAMES.includes(n.toLowerCase()));
  if (guess) return guess;
  throw new UserError(
    `${table.label}: can't tell which column holds the labels${trained ? ` (the model was trained on ${trained.name}, whose label column the file lacks)` : ''}; name it label, target or class`,
  );
}
