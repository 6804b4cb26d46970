import type { AnnotationValue, LabelClass, QueueEntry } from '../../../../shared/labeling/types';

/** How a value reads in a line of text: its classes, or its boxes counted by class. */
export function describeValue(v: AnnotationValue | null): string {
  if (!v) return '—';
  if (v.boxes) {
    if (v.boxes.length === 0) return 'no boxes';
    const counts = new Map<string, number>();
    for (const b of v.boxes) counts.set(b.label, (counts.get(b.label) ?? 0) + 1);
    return [...counts].map(([l, n]) => (n > 1 ? `${n} × ${l}` : l)).join(', ');
  }
  return v.labels.length ? v.labels.join(', ') : 'no class';
}

/** The label a cell or item shows: this labeler's, else the latest other labeler's, else the version's. */
export function shownValue(entry: QueueEntry): AnnotationValue | null {
  return entry.mine ?? entry.labels.at(-1)?.value ?? entry.versionLabel;
}

export function classColor(classes: readonly LabelClass[], name: string | undefined): string {
  return classes.find((c) => c.name === name)?.color ?? '#8b95a3';
}
