import type { DatasetVersionInfo } from '../../../shared/domain';
import type { LabelingStatus, LabelSchema } from '../../../shared/labeling/types';
import type { DatasetRepo } from '../datasets/dataset-repo';
import type { Db } from '../store/database';
import { pendingChanges } from './commit';
import { suggestionRun } from './queue';

export function labelingStatus(db: Db, repo: DatasetRepo, version: DatasetVersionInfo, schema: LabelSchema): LabelingStatus {
  const datasetId = version.datasetId;
  const labeled = db
    .prepare(
      `SELECT COUNT(*) FROM version_items vi WHERE vi.version_id = ? AND (vi.label IS NOT NULL OR vi.annotation IS NOT NULL
         OR vi.item_id IN (SELECT item_id FROM current_labels WHERE dataset_id = ?))`,
    )
    .pluck()
    .get(version.id, datasetId) as number;
  const labelers = db
    .prepare(
      `SELECT a.labeler, COUNT(DISTINCT a.item_id) AS items, SUM(a.seconds) AS seconds
       FROM annotations a WHERE a.dataset_id = ? AND a.value IS NOT NULL GROUP BY a.labeler ORDER BY items DESC`,
    )
    .all(datasetId) as LabelingStatus['labelers'];
  return {
    datasetId,
    version: version.version,
    items: version.rows,
    labeled,
    uncommitted: pendingChanges(db, repo, version, schema).length,
    reviewed: db.prepare('SELECT COUNT(DISTINCT item_id) FROM reviews WHERE dataset_id = ?').pluck().get(datasetId) as number,
    labelers,
    suggestionsFrom: suggestionRun(db, datasetId),
    issues: db.prepare('SELECT COUNT(*) FROM label_issues WHERE version_id = ?').pluck().get(version.id) as number,
  };
}
