import type { Cell } from '../datasets/csv-parse';
import type { DatasetRepo } from '../datasets/dataset-repo';
import { rowHash } from '../datasets/table-import';
import type { ModelSource } from '../registry/model-source';
import type { RunRepo } from '../runs/run-repo';
import type { Db } from '../store/database';
import { hasBit, runTrainingRows } from '../training/training-rows';
import type { EvalData } from './eval-data';

/**
 * How many evaluated rows the model was trained on, by content: a row counts when its feature
 * cells (the item hash the store dedupes rows by, the label left out) equal those of a row in the
 * run's `train` part. So a version sharing items with the training version, a duplicate row, or
 * a CSV file holding training rows are all caught. Null when the training rows are unknown: a
 * model imported from a bundle, or a run Cairn did not train.
 */
export function trainingOverlap(db: Db, repo: DatasetRepo, runs: RunRepo, source: ModelSource, data: EvalData): number | null {
  const rows = source.runId === null ? null : runTrainingRows(db, repo, runs, source.runId);
  if (!rows) return null;
  const trained = new Set<string>();
  const hashes = versionHashes(db, rows.versionId);
  hashes.forEach((h, position) => {
    if (hasBit(rows.train, position)) trained.add(h);
  });
  const evaluated = data.version ? versionHashes(db, data.version.id) : csvHashes(data, repo.versionById(rows.versionId));
  if (!evaluated) return 0;
  return data.rowIndex.reduce((n, i) => n + (trained.has(evaluated[i]) ? 1 : 0), 0);
}

function versionHashes(db: Db, versionId: number): string[] {
  return db.prepare('SELECT i.hash FROM version_items vi JOIN items i ON i.id = vi.item_id WHERE vi.version_id = ? ORDER BY vi.position').pluck().all(versionId) as string[];
}

/** Each file row's item hash as the training version would have stored it; null when the file lacks a feature column. */
function csvHashes(data: EvalData, trainedOn: { columns: { name: string; type: string }[]; labelColumn: string | null }): string[] | null {
  const features = trainedOn.columns.filter((c) => c.name !== trainedOn.labelColumn);
  const at = features.map((c) => data.table.columns.findIndex((x) => x.name === c.name));
  if (at.some((i) => i < 0)) return null;
  const cell = (v: Cell, type: string): Cell => (v === null ? null : type === 'numeric' ? Number(v) : String(v).trim());
  return data.table.rows.map((r) => rowHash(JSON.stringify(features.map((c, k) => cell(r[at[k]], c.type)))));
}
