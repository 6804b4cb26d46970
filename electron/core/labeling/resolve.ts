import type { AnnotationValue } from '../../../shared/labeling/types';
import type { Db } from '../store/database';

export interface Resolved {
  value: AnnotationValue | null;
  /** Labelers split evenly between classes: the version's label stays and the item awaits review. */
  tie: boolean;
  /** What decided: a reviewer, the labelers' majority, or the only/latest label. */
  by: 'review' | 'majority' | 'latest';
}

/**
 * The label each annotated item resolves to, in order of authority: the latest review (a fix's
 * label, or the accepted label), else the labelers' current labels without rejected ones — the
 * majority class, or the latest label where classes can't be voted on (multi-label sets, boxes).
 * Items nobody annotated are absent: they keep the label their version has.
 */
export function resolveLabels(db: Db, datasetId: number, onlyItems?: number[]): Map<number, Resolved> {
  const filter = onlyItems ? 'AND item_id IN (SELECT value FROM json_each(@items))' : '';
  const params = { datasetId, items: JSON.stringify(onlyItems ?? []) };
  const current = db
    .prepare(
      `SELECT item_id AS itemId, annotation_id AS annotationId, value, label FROM current_labels WHERE dataset_id = @datasetId ${filter} ORDER BY item_id, annotation_id`,
    )
    .all(params) as { itemId: number; annotationId: number; value: string; label: string | null }[];
  const reviews = db
    .prepare(
      `SELECT r.item_id AS itemId, r.verdict, r.annotation_id AS annotationId, a.value
       FROM reviews r LEFT JOIN annotations a ON a.id = r.annotation_id
       WHERE r.dataset_id = @datasetId ${filter.replace('item_id', 'r.item_id')} ORDER BY r.id`,
    )
    .all(params) as { itemId: number; verdict: string; annotationId: number | null; value: string | null }[];

  const latestReview = new Map<number, (typeof reviews)[number]>();
  const rejected = new Set<number>();
  for (const r of reviews) {
    latestReview.set(r.itemId, r);
    if (r.verdict === 'reject' && r.annotationId !== null) rejected.add(r.annotationId);
  }
  const byItem = new Map<number, typeof current>();
  for (const c of current) {
    if (rejected.has(c.annotationId)) continue;
    let list = byItem.get(c.itemId);
    if (!list) byItem.set(c.itemId, (list = []));
    list.push(c);
  }

  const out = new Map<number, Resolved>();
  for (const [itemId, r] of latestReview) {
    if (r.verdict !== 'reject' && r.value !== null) out.set(itemId, { value: JSON.parse(r.value) as AnnotationValue, tie: false, by: 'review' });
  }
  for (const [itemId, list] of byItem) {
    if (out.has(itemId)) continue;
    out.set(itemId, majority(list));
  }
  // A rejected label with nothing else left: the item falls back to its version label.
  for (const [itemId, r] of latestReview) if (!out.has(itemId) && r.verdict === 'reject') out.set(itemId, { value: null, tie: false, by: 'review' });
  return out;
}

function majority(list: { annotationId: number; value: string; label: string | null }[]): Resolved {
  const latest = list[list.length - 1];
  const latestValue = JSON.parse(latest.value) as AnnotationValue;
  if (list.length === 1 || list.some((c) => c.label === null || (JSON.parse(c.value) as AnnotationValue).boxes)) {
    return { value: latestValue, tie: false, by: 'latest' };
  }
  const votes = new Map<string, number>();
  for (const c of list) votes.set(c.label!, (votes.get(c.label!) ?? 0) + 1);
  const top = Math.max(...votes.values());
  const leaders = [...votes].filter(([, n]) => n === top).map(([l]) => l);
  if (leaders.length > 1) return { value: null, tie: true, by: 'majority' };
  return { value: { labels: [leaders[0]] }, tie: false, by: 'majority' };
}
