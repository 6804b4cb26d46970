import type { DatasetVersionInfo } from '../../../shared/domain';
import type { AnnotationValue, QueueEntry, QueueFilter, ReviewVerdict } from '../../../shared/labeling/types';
import type { Db } from '../store/database';
import { versionValue } from './annotation-value';

interface Row {
  itemId: number;
  position: number;
  name: string | null;
  fileHash: string | null;
  width: number | null;
  height: number | null;
  data: string | null;
  label: string | null;
  annotation: string | null;
}

// IN over a subquery, not a correlated EXISTS: SQLite builds the (small) labeled set once instead
// of probing current_labels for each of up to a million positions.
const HAS_LABELS = 'vi.item_id IN (SELECT item_id FROM current_labels WHERE dataset_id = @datasetId)';

/** The SQL condition and order for a queue; positions are the latest version's, one entry per position. */
function clause(filter: QueueFilter): { where: string; join: string; order: string } {
  const plain = { join: '', order: 'vi.position' };
  switch (filter.kind) {
    case 'all':
      return { ...plain, where: '1' };
    case 'unlabeled':
      return { ...plain, where: `vi.label IS NULL AND vi.annotation IS NULL AND NOT ${HAS_LABELS}` };
    case 'label':
      return {
        ...plain,
        where: `(vi.item_id IN (SELECT item_id FROM current_labels WHERE dataset_id = @datasetId AND label = @value)
                 OR (vi.label = @value AND NOT ${HAS_LABELS}))`,
      };
    case 'labeler':
      return { ...plain, where: 'vi.item_id IN (SELECT item_id FROM current_labels WHERE dataset_id = @datasetId AND labeler = @value)' };
    case 'disagreement':
      return {
        ...plain,
        where: `vi.item_id IN (SELECT item_id FROM current_labels WHERE dataset_id = @datasetId GROUP BY item_id HAVING COUNT(DISTINCT value) > 1)`,
      };
    case 'errors':
      return { where: '1', join: 'JOIN label_issues li ON li.version_id = vi.version_id AND li.position = vi.position', order: 'li.quality, vi.position' };
    case 'uncertain':
      // Active learning: unlabeled items the model is least sure of come first.
      return {
        where: `vi.label IS NULL AND vi.annotation IS NULL AND NOT ${HAS_LABELS}`,
        join: `JOIN label_suggestions ls ON ls.dataset_id = @datasetId AND ls.item_id = vi.item_id AND ls.run_id = @runId`,
        order: 'ls.margin, vi.position',
      };
    case 'unreviewed':
      return { ...plain, where: `${HAS_LABELS} AND vi.item_id NOT IN (SELECT item_id FROM reviews WHERE dataset_id = @datasetId)` };
    case 'positions':
      return { ...plain, where: 'vi.position IN (SELECT value FROM json_each(@positions))' };
  }
}

/** The run whose suggestions the workspace shows: the latest one whose suggestions are all written. */
export function suggestionRun(db: Db, datasetId: number): string | null {
  return (
    (db.prepare('SELECT run_id FROM label_suggestion_sets WHERE dataset_id = ? ORDER BY created_at DESC LIMIT 1').pluck().get(datasetId) as
      string | undefined) ?? null
  );
}

export function readQueue(
  db: Db,
  version: DatasetVersionInfo,
  filter: QueueFilter,
  offset: number,
  limit: number,
  labeler: string,
): { total: number; offset: number; entries: QueueEntry[] } {
  const { where, join, order } = clause(filter);
  const params = {
    versionId: version.id,
    datasetId: version.datasetId,
    value: filter.kind === 'label' ? filter.label : filter.kind === 'labeler' ? filter.labeler : null,
    positions: filter.kind === 'positions' ? JSON.stringify(filter.positions) : '[]',
    runId: suggestionRun(db, version.datasetId),
    offset,
    limit,
  };
  const condition = `WHERE vi.version_id = @versionId AND ${where}`;
  const total = db.prepare(`SELECT COUNT(*) FROM version_items vi ${join} ${condition}`).pluck().get(params) as number;
  // The page is found among the version's rows alone, its items read after: joined before the
  // OFFSET, every skipped row read its item too (a page half way into a million rows took ~1 s).
  const page = db
    .prepare(
      `SELECT vi.item_id AS itemId, vi.position, vi.label, vi.annotation FROM version_items vi ${join} ${condition} ORDER BY ${order} LIMIT @limit OFFSET @offset`,
    )
    .all(params) as Pick<Row, 'itemId' | 'position' | 'label' | 'annotation'>[];
  const items = new Map(
    (
      db
        .prepare('SELECT id, name, file_hash AS fileHash, width, height, data FROM items WHERE id IN (SELECT value FROM json_each(?))')
        .all(JSON.stringify(page.map((r) => r.itemId))) as (Omit<Row, 'itemId' | 'position' | 'label' | 'annotation'> & { id: number })[]
    ).map((i) => [i.id, i]),
  );
  const rows = page.map((r): Row => {
    const { name, fileHash, width, height, data } = items.get(r.itemId)!;
    return { ...r, name, fileHash, width, height, data };
  });
  return { total, offset, entries: entriesFor(db, version, rows, labeler, params.runId) };
}

function entriesFor(db: Db, version: DatasetVersionInfo, rows: Row[], labeler: string, runId: string | null): QueueEntry[] {
  const ids = JSON.stringify(rows.map((r) => r.itemId));
  const labels = groupBy(
    db
      .prepare(
        'SELECT item_id AS itemId, labeler, value FROM current_labels WHERE dataset_id = ? AND item_id IN (SELECT value FROM json_each(?)) ORDER BY annotation_id',
      )
      .all(version.datasetId, ids) as {
      itemId: number;
      labeler: string;
      value: string;
    }[],
  );
  const suggestions = new Map(
    (
      db
        .prepare(
          'SELECT item_id AS itemId, label, confidence, entropy, margin FROM label_suggestions WHERE dataset_id = ? AND run_id = ? AND item_id IN (SELECT value FROM json_each(?))',
        )
        .all(version.datasetId, runId, ids) as { itemId: number; label: string; confidence: number; entropy: number; margin: number }[]
    ).map((s) => [s.itemId, s]),
  );
  const reviews = new Map(
    (
      db
        .prepare('SELECT item_id AS itemId, verdict, reviewer FROM reviews WHERE dataset_id = ? AND item_id IN (SELECT value FROM json_each(?)) ORDER BY id')
        .all(version.datasetId, ids) as { itemId: number; verdict: ReviewVerdict; reviewer: string }[]
    ).map((r) => [r.itemId, r]),
  );
  const issues = new Map(
    (
      db
        .prepare('SELECT position, given, suggested, quality FROM label_issues WHERE version_id = ? AND position IN (SELECT value FROM json_each(?))')
        .all(version.id, JSON.stringify(rows.map((r) => r.position))) as { position: number; given: string; suggested: string; quality: number }[]
    ).map((i) => [i.position, i]),
  );
  const featureColumns = version.columns.filter((c) => c.name !== version.labelColumn);

  return rows.map((r) => {
    const all = (labels.get(r.itemId) ?? []).map((l) => ({ labeler: l.labeler, value: JSON.parse(l.value) as AnnotationValue }));
    const cells = r.data === null ? null : (JSON.parse(r.data) as (string | number | null)[]);
    const s = suggestions.get(r.itemId);
    const rev = reviews.get(r.itemId);
    const issue = issues.get(r.position);
    return {
      itemId: r.itemId,
      position: r.position,
      name: r.name,
      fileHash: r.fileHash,
      width: r.width,
      height: r.height,
      fields: cells && featureColumns.map((c, i) => ({ name: c.name, type: c.type, value: cells[i] ?? null })),
      versionLabel: versionValue(r.label, r.annotation),
      mine: all.find((l) => l.labeler === labeler)?.value ?? null,
      labels: all,
      suggestion: s && runId ? { runId, label: s.label, confidence: s.confidence, entropy: s.entropy, margin: s.margin } : null,
      review: rev ? { verdict: rev.verdict, reviewer: rev.reviewer } : null,
      issue: issue ? { given: issue.given, suggested: issue.suggested, quality: issue.quality } : null,
    };
  });
}

function groupBy<T extends { itemId: number }>(rows: T[]): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const r of rows) {
    let list = out.get(r.itemId);
    if (!list) out.set(r.itemId, (list = []));
    list.push(r);
  }
  return out;
}
