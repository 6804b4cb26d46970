import type { AnnotationValue, LabelSchema } from '../../../shared/labeling/types';
import { UserError } from '../errors';

/** Checks a value against the dataset's label set; returns it in canonical form (labels deduplicated, box classes listed). */
export function checkValue(schema: LabelSchema, value: AnnotationValue): AnnotationValue {
  const known = new Set(schema.classes.map((c) => c.name));
  const unknown = [...value.labels, ...(value.boxes ?? []).map((b) => b.label)].find((l) => !known.has(l));
  if (unknown !== undefined) throw new UserError(`"${unknown}" is not in this dataset's label set (${schema.classes.map((c) => c.name).join(', ')})`);
  if (schema.task === 'boxes') {
    const boxes = value.boxes ?? [];
    const bad = boxes.find((b) => !(b.w > 0 && b.h > 0));
    if (bad) throw new UserError(`A box needs a positive width and height (got ${bad.w} × ${bad.h})`);
    // The classes of a box task are the distinct classes of its boxes, so filters and exports need not parse boxes.
    return { labels: [...new Set(boxes.map((b) => b.label))], boxes };
  }
  if (value.boxes?.length)
    throw new UserError(`This dataset's label set is ${schema.task === 'single' ? 'single-label' : 'multi-label'} classification, not boxes`);
  const labels = [...new Set(value.labels)];
  if (schema.task === 'single' && labels.length !== 1) throw new UserError(`Single-label classification takes exactly one class (got ${labels.length})`);
  return { labels };
}

/** The class a single-label filter, the version's label column and agreement use. */
export function primaryLabel(value: AnnotationValue): string | null {
  return value.labels.length === 1 ? value.labels[0] : null;
}

/** Canonical text of a value: two values are the same label exactly when their keys are equal. */
export function valueKey(value: AnnotationValue | null): string {
  if (value === null) return '';
  const labels = [...value.labels].sort();
  return value.boxes ? JSON.stringify({ labels, boxes: value.boxes }) : JSON.stringify({ labels });
}

/** A version's label/annotation cells read as a value (null when unlabeled). */
export function versionValue(label: string | null, annotation: string | null): AnnotationValue | null {
  if (annotation !== null) return JSON.parse(annotation) as AnnotationValue;
  return label === null ? null : { labels: [label] };
}
