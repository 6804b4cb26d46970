import type { DatasetVersionInfo } from '../../../shared/domain';
import type { Cell } from '../datasets/csv-parse';
import type { DatasetRepo } from '../datasets/dataset-repo';
import { ITEM_KEY_BYTES, rowHashesHex } from '../datasets/item-key';
import type { TableData } from '../monitoring/drift-service';
import type { ModelSource } from '../registry/model-source';
import type { RunRepo } from '../runs/run-repo';
import type { Db } from '../store/database';
import { hasBit, runTrainingRows } from '../training/training-rows';
import type { EvalData } from './eval-data';

/**
 * Which rows of a table the model was trained on, by content: a row counts when its feature cells
 * (the item hash the store dedupes rows by, the label left out) equal those of a row in the run's
 * `train` part. So a version sharing items with the training version, a duplicate row, or a CSV
 * file holding training rows are all caught. Null when the training rows are unknown: a model
 * imported from a bundle, or a run Cairn did not train.
 */
export function trainedRowMask(
  db: Db,
  repo: DatasetRepo,
  runs: RunRepo,
  runId: string | null,
  data: { version: DatasetVersionInfo | null; table: TableData },
): boolean[] | null {
  const rows = runId === null ? null : runTrainingRows(db, repo, runs, runId);
  if (!rows) return null;
  const trainedOn = repo.versionById(rows.versionId);
  // Within one dataset items are shared by content, so their ids compare as their hashes do, read
  // without a join (on a million rows, the join to the items took seconds).
  const sameDataset = data.version !== null && data.version.datasetId === trainedOn.datasetId;
  const keysOf = (versionId: number): (string | number)[] => (sameDataset ? repo.itemIds(versionId) : versionHashes(db, versionId));
  const trained = new Set<string | number>();
  keysOf(rows.versionId).forEach((k, position) => {
    if (hasBit(rows.train, position)) trained.add(k);
  });
  const keys = data.version ? keysOf(data.version.id) : csvHashes(data.table, trainedOn);
  return data.table.rows.map((_, i) => keys !== null && trained.has(keys[i]));
}

/** How many evaluated rows the model was trained on (see trainedRowMask). */
export function trainingOverlap(db: Db, repo: DatasetRepo, runs: RunRepo, source: ModelSource, data: EvalData): number | null {
  const mask = trainedRowMask(db, repo, runs, source.runId, data);
  return mask && data.rowIndex.reduce((n, i) => n + (mask[i] ? 1 : 0), 0);
}

function versionHashes(db: Db, versionId: number): string[] {
  return db
    .prepare('SELECT lower(hex(i.hash)) FROM version_items vi JOIN items i ON i.id = vi.item_id WHERE vi.version_id = ? ORDER BY vi.position')
    .pluck()
    .all(versionId) as string[];
}

/** Each file row's item hash as the training version would have stored it; null when the file lacks a feature column. */
function csvHashes(table: TableData, trainedOn: DatasetVersionInfo): string[] | null {
  const features = trainedOn.columns.filter((c) => c.name !== trainedOn.labelColumn);
  const at = features.map((c) => table.columns.findIndex((x) => x.name === c.name));
  if (at.some((i) => i < 0)) return null;
  const cell = (v: Cell, type: string): Cell => (v === null ? null : type === 'numeric' ? Number(v) : String(v).trim());
  // Compared as the store keeps them: the leading ITEM_KEY_BYTES of each hash.
  return rowHashesHex(table.rows.map((r) => JSON.stringify(features.map((c, k) => cell(r[at[k]], c.type))))).map((h) => h.slice(0, ITEM_KEY_BYTES * 2));
}
