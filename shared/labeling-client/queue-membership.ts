import type { AnnotationValue, QueueEntry, QueueFilter } from '../labeling/types';

/** Another labeler's latest label on an item, as a queue entry lists it. */
export type LabelerValue = QueueEntry['labels'][number];

/** The labels of an entry given by others: `labels` holds this labeler's too, equal to `mine`. */
export function othersOf(entry: QueueEntry): LabelerValue[] {
  if (!entry.mine) return entry.labels;
  const key = JSON.stringify(entry.mine);
  const at = entry.labels.findIndex((l) => JSON.stringify(l.value) === key);
  return at < 0 ? entry.labels : entry.labels.filter((_, i) => i !== at);
}

/**
 * Whether the core's queue still holds an item, given what this labeler's own saves and reviews
 * did to it. Queues that shrink as one labels (unlabeled, uncertain, by label, unreviewed) page by
 * offset, so the workspace must know how many of the items it already has left the queue.
 * Others' concurrent changes are not known here; the session drops duplicates they cause.
 */
export function stillQueued(
  filter: QueueFilter,
  others: LabelerValue[],
  mine: AnnotationValue | null,
  versionLabel: AnnotationValue | null,
  reviewed: boolean,
): boolean {
  const labeled = others.length > 0 || mine !== null;
  switch (filter.kind) {
    case 'unlabeled':
    case 'uncertain':
      return !labeled && versionLabel === null;
    case 'label': {
      const has = (v: AnnotationValue | null) => !!v && v.labels.length === 1 && v.labels[0] === filter.label;
      return others.some((o) => has(o.value)) || has(mine) || (!labeled && has(versionLabel));
    }
    case 'unreviewed':
      return labeled && !reviewed;
    default:
      return true;
  }
}
