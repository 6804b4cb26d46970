import path from 'node:path';
import type { AnnotationValue, Box } from '../../../../shared/labeling/types';
import { UserError } from '../../errors';

/** An image with its boxes, in pixels of the file, as read from or written to a COCO/YOLO folder. */
export interface BoxImage {
  /** Relative path with forward slashes: the item's name, and where the file goes under images/. */
  name: string;
  /** Where the bytes are: the source file on import, the blob on export. */
  file: string;
  width: number;
  height: number;
  boxes: Box[];
}

export interface BoxSet {
  classes: string[];
  images: BoxImage[];
}

export const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.gif', '.webp', '.bmp', '.tif', '.tiff']);

// Coordinates rounded to two decimals (as COCO tools write them) or to six normalized digits
// (as YOLO tools do) may land a hair outside the image; more than this is a real mistake.
const SLACK_PX = 0.01;

/** A relative path that stays inside the folder it is joined to, with forward slashes; null if it would escape. */
export function safeName(name: string): string | null {
  const parts = name
    .replace(/\\/g, '/')
    .split('/')
    .filter((p) => p !== '' && p !== '.');
  if (parts.length === 0 || /^[a-zA-Z]:/.test(name) || name.startsWith('/') || parts.some((p) => p === '..')) return null;
  return parts.join('/');
}

export function isImageName(name: string): boolean {
  return IMAGE_EXTENSIONS.has(path.extname(name).toLowerCase());
}

/** Refuses a box with no area or reaching outside its image; `where` names the line or annotation. */
export function checkBox(box: Box, image: { name: string; width: number; height: number }, where: string): void {
  const { x, y, w, h } = box;
  if (![x, y, w, h].every(Number.isFinite)) throw new UserError(`${where}: box coordinates must be numbers`);
  if (!(w > 0 && h > 0)) throw new UserError(`${where}: a box needs a positive width and height (got ${w} × ${h})`);
  if (x < -SLACK_PX || y < -SLACK_PX || x + w > image.width + SLACK_PX || y + h > image.height + SLACK_PX) {
    throw new UserError(`${where}: box [${x}, ${y}, ${w}, ${h}] reaches outside ${image.name} (${image.width} × ${image.height})`);
  }
}

/** The version cells of an image with boxes: the distinct box classes in order of first box, and the one class when there is one. */
export function annotationOf(boxes: Box[]): { label: string | null; annotation: string } {
  const value: AnnotationValue = { labels: [...new Set(boxes.map((b) => b.label))], boxes };
  return { label: value.labels.length === 1 ? value.labels[0] : null, annotation: JSON.stringify(value) };
}
