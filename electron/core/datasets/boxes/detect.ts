import fs from 'node:fs';
import path from 'node:path';
import { inputLimits } from '../../input-limits';
import { readTextFile } from '../read-text';

export type BoxFolder = { format: 'coco'; file: string } | { format: 'yolo'; classesFrom: string };

/**
 * What kind of box-annotated folder `dir` is, or null for anything else (then it is a folder
 * of images by class). COCO: annotations.json, or the one *.json that names images,
 * annotations and categories. YOLO: images/ and labels/ with data.yaml or classes.txt.
 */
export function detectBoxFolder(dir: string): BoxFolder | null {
  const entries = fs.readdirSync(dir, { withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => e.name);
  const dirs = new Set(entries.filter((e) => e.isDirectory()).map((e) => e.name));
  if (files.includes('annotations.json')) return { format: 'coco', file: path.join(dir, 'annotations.json') };
  const jsons = files.filter((f) => f.toLowerCase().endsWith('.json'));
  if (jsons.length === 1 && looksLikeCoco(path.join(dir, jsons[0]))) return { format: 'coco', file: path.join(dir, jsons[0]) };
  if (dirs.has('images') && dirs.has('labels')) {
    const classesFrom = ['data.yaml', 'data.yml', 'classes.txt'].find((f) => files.includes(f));
    if (classesFrom) return { format: 'yolo', classesFrom };
  }
  return null;
}

/** A one-line description for the CLI. */
export function describeBoxFolder(found: BoxFolder): string {
  return found.format === 'coco' ? `COCO (${path.basename(found.file)})` : `YOLO (images/, labels/, ${found.classesFrom})`;
}

// Parsing is left to the import, which reports a malformed file with its line; here the three
// keys are enough to tell COCO from some other JSON lying in a folder of images.
function looksLikeCoco(file: string): boolean {
  const text = readTextFile(file, path.basename(file), inputLimits().annotationsBytes, 'CAIRN_MAX_ANNOTATIONS_MB');
  return ['"images"', '"annotations"', '"categories"'].every((k) => text.includes(k));
}
