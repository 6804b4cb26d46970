import fs from 'node:fs';
import path from 'node:path';
import type { Box } from '../../../../shared/labeling/types';
import { UserError } from '../../errors';
import { type BoxImage, type BoxSet, checkBox, safeName } from './box-set';
import { inputLimits } from '../../input-limits';
import { decodeImageSize } from '../image-decode';
import { readTextFile } from '../read-text';
import { jsonErrorPosition } from './json-position';

interface CocoImage {
  id: number;
  file_name: string;
  width?: number;
  height?: number;
}

interface CocoAnnotation {
  id?: number;
  image_id: number;
  category_id: number;
  bbox: number[];
}

/**
 * A COCO annotations file and its images, found by file_name next to the file or under
 * images/. Every problem is a UserError naming the file and the record.
 */
export async function readCoco(file: string): Promise<BoxSet> {
  const dir = path.dirname(file);
  const base = path.basename(file);
  const doc = parseJson(readTextFile(file, base, inputLimits().annotationsBytes, 'CAIRN_MAX_ANNOTATIONS_MB'), base);
  if (!isObject(doc) || !Array.isArray(doc.images) || !Array.isArray(doc.annotations) || !Array.isArray(doc.categories)) {
    throw new UserError(`${base}: expected an object with "images", "annotations" and "categories" lists`);
  }

  const categories = new Map<number, string>();
  const names = new Set<string>();
  (doc.categories as unknown[]).forEach((c, i) => {
    if (!isObject(c) || typeof c.id !== 'number' || typeof c.name !== 'string' || c.name.trim() === '')
      throw new UserError(`${base}: categories[${i}] needs a numeric id and a name`);
    // Label sets hold trimmed names; boxes must carry the same text.
    const name = c.name.trim();
    if (categories.has(c.id)) throw new UserError(`${base}: category id ${c.id} appears twice`);
    if (names.has(name)) throw new UserError(`${base}: category "${name}" appears twice`);
    categories.set(c.id, name);
    names.add(name);
  });

  const images = new Map<number, { record: CocoImage; image: BoxImage }>();
  const seen = new Set<string>();
  const missing: string[] = [];
  (doc.images as unknown[]).forEach((r, i) => {
    if (!isObject(r) || typeof r.id !== 'number' || typeof r.file_name !== 'string')
      throw new UserError(`${base}: images[${i}] needs a numeric id and a file_name`);
    const record = r as unknown as CocoImage;
    if (images.has(record.id)) throw new UserError(`${base}: image id ${record.id} appears twice`);
    const name = safeName(record.file_name);
    if (name === null) throw new UserError(`${base}: image ${record.id} has file_name "${record.file_name}", which leaves the folder`);
    if (seen.has(name)) throw new UserError(`${base}: file_name "${name}" appears twice`);
    seen.add(name);
    const found = [path.join(dir, name), path.join(dir, 'images', name)].find((f) => fs.statSync(f, { throwIfNoEntry: false })?.isFile());
    if (!found) missing.push(name);
    images.set(record.id, { record, image: { name, file: found ?? '', width: 0, height: 0, boxes: [] } });
  });
  if (missing.length > 0) {
    throw new UserError(
      `${base}: ${missing.length} image file(s) not found next to it or under images/: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}`,
    );
  }

  for (const { record, image } of images.values()) {
    const size = await decodeImageSize(image.file, image.name);
    if ((record.width !== undefined && record.width !== size.width) || (record.height !== undefined && record.height !== size.height)) {
      throw new UserError(`${image.name}: the file is ${size.width} × ${size.height} but ${base} says ${record.width} × ${record.height}`);
    }
    image.width = size.width;
    image.height = size.height;
  }

  (doc.annotations as unknown[]).forEach((r, i) => {
    const where = `${base}: annotation ${isObject(r) && r.id !== undefined ? String(r.id) : `#${i + 1}`}`;
    if (!isObject(r)) throw new UserError(`${where}: not an object`);
    const a = r as unknown as CocoAnnotation;
    const target = images.get(a.image_id);
    if (!target) throw new UserError(`${where}: image_id ${a.image_id} is not among the images`);
    const label = categories.get(a.category_id);
    if (label === undefined) throw new UserError(`${where}: category_id ${a.category_id} is not among the categories`);
    if (!Array.isArray(a.bbox) || a.bbox.length !== 4) throw new UserError(`${where}: bbox must be [x, y, width, height]`);
    const [x, y, w, h] = a.bbox;
    const box: Box = { label, x, y, w, h };
    checkBox(box, target.image, where);
    target.image.boxes.push(box);
  });

  return { classes: [...categories.values()], images: [...images.values()].map((e) => e.image) };
}

/** annotations.json for a box set whose images sit under images/ by name; ids count from 1 in order. */
export function writeCoco(set: BoxSet): string {
  const categoryId = new Map(set.classes.map((c, i) => [c, i + 1]));
  const annotations: object[] = [];
  set.images.forEach((img, i) => {
    for (const b of img.boxes) {
      annotations.push({
        id: annotations.length + 1,
        image_id: i + 1,
        category_id: categoryId.get(b.label),
        bbox: [b.x, b.y, b.w, b.h],
        area: b.w * b.h,
        iscrowd: 0,
      });
    }
  });
  return JSON.stringify({
    info: { description: 'Exported by Cairn', date_created: new Date().toISOString() },
    images: set.images.map((img, i) => ({ id: i + 1, file_name: img.name, width: img.width, height: img.height })),
    annotations,
    categories: set.classes.map((name, i) => ({ id: i + 1, name, supercategory: name })),
  });
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const at = jsonErrorPosition(text);
    throw new UserError(`${file}: ${at ? `line ${at.line}, column ${at.column}: ` : ''}not valid JSON (${(err as Error).message.split('\n')[0]})`);
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
