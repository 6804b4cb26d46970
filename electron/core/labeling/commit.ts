import type { DatasetVersionInfo } from '../../../shared/domain';
import type { LabelSchema } from '../../../shared/labeling/types';
import type { DatasetRepo } from '../datasets/dataset-repo';
import type { Db } from '../store/database';
import { primaryLabel, valueKey, versionValue } from './annotation-value';
import { resolveLabels } from './resolve';

export interface PendingChange {
  position: number;
  label: string | null;
  annotation: string | null;
}

/** Positions of the latest version whose resolved label differs from the one it holds. */
export function pendingChanges(db: Db, repo: DatasetRepo, version: DatasetVersionInfo, schema: LabelSchema): PendingChange[] {
  const resolved = resolveLabels(db, version.datasetId);
  if (resolved.size === 0) return [];
  const rows = db
    .prepare(
      `SELECT position, item_id AS itemId, label, annotation FROM version_items
       WHERE version_id = ? AND item_id IN (SELECT value FROM json_each(?)) ORDER BY position`,
    )
    .all(version.id, JSON.stringify([...resolved.keys()])) as { position: number; itemId: number; label: string | null; annotation: string | null }[];
  const out: PendingChange[] = [];
  for (const row of rows) {
    const r = resolved.get(row.itemId)!;
    if (r.value === null) continue;
    if (valueKey(r.value) === valueKey(versionValue(row.label, row.annotation))) continue;
    // Single-label classes live in the label column as they always have; sets and boxes need the annotation.
    const annotation = schema.task === 'single' ? null : JSON.stringify(r.value);
    out.push({ position: row.position, label: primaryLabel(r.value), annotation });
  }
  return out;
}

/** A new immutable version with the resolved labels; the latest version itself when nothing changed. */
export async function commitLabels(db: Db, repo: DatasetRepo, version: DatasetVersionInfo, schema: LabelSchema, labeler: string): Promise<DatasetVersionInfo> {
  const changes = pendingChanges(db, repo, version, schema);
  if (changes.length === 0) return version;
  return await repo.deriveVersion(version, new Map(changes.map((c) => [c.position, c])), `labels committed by ${labeler}`);
}
