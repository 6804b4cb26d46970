import fs from 'node:fs';
import path from 'node:path';
import type { Box } from '../../../../shared/labeling/types';
import { UserError } from '../../errors';
import { type BoxImage, type BoxSet, checkBox, isImageName } from './box-set';
import { inputLimits } from '../../input-limits';
import { decodeImageSize } from '../image-decode';
import { readTextFile } from '../read-text';
import { readDataYaml } from './data-yaml';
import { fromYolo, toYolo } from './yolo-coords';

/** labels/<name without extension>.txt: where YOLO tools look for an image's boxes. */
export function labelNameOf(imageName: string): string {
  return imageName.slice(0, imageName.length - path.extname(imageName).length) + '.txt';
}

/** The classes of a YOLO folder: data.yaml's names, else classes.txt one per line. */
export function readYoloClasses(dir: string): string[] {
  const yamlName = ['data.yaml', 'data.yml'].find((f) => fs.existsSync(path.join(dir, f)));
  if (yamlName) {
    const { names, nc } = readDataYaml(readSmallText(path.join(dir, yamlName), yamlName), yamlName);
    if (names !== null) {
      if (nc !== null && nc !== names.length) throw new UserError(`${yamlName}: nc is ${nc} but names lists ${names.length} classes`);
      return checkNames(
        names.map((n) => n.trim()),
        yamlName,
      );
    }
  }
  const txt = path.join(dir, 'classes.txt');
  if (!fs.existsSync(txt)) throw new UserError(`${dir}: no class names (data.yaml with names:, or classes.txt)`);
  return checkNames(
    readSmallText(txt, 'classes.txt')
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l !== ''),
    'classes.txt',
  );
}

/** A YOLO folder: images/ (sub-folders allowed), labels/ mirroring it, class names. */
export async function readYolo(dir: string): Promise<BoxSet> {
  const classes = readYoloClasses(dir);
  const names = walk(path.join(dir, 'images')).filter(isImageName);
  if (names.length === 0) throw new UserError(`${dir}: no images under images/`);
  const byLabel = new Map(names.map((n) => [labelNameOf(n), n]));
  if (byLabel.size !== names.length) {
    const clash = names.find((n, i) => names.findIndex((m) => labelNameOf(m) === labelNameOf(n)) !== i)!;
    throw new UserError(`images/${clash}: another image has the same name without extension, so they would share labels/${labelNameOf(clash)}`);
  }
  const orphan = walk(path.join(dir, 'labels')).find((l) => l.endsWith('.txt') && !byLabel.has(l));
  if (orphan) throw new UserError(`labels/${orphan}: no image for it under images/`);

  const images: BoxImage[] = [];
  for (const name of names) {
    const file = path.join(dir, 'images', name);
    const image: BoxImage = { name, file, ...(await decodeImageSize(file, name)), boxes: [] };
    const labelFile = path.join(dir, 'labels', labelNameOf(name));
    if (fs.existsSync(labelFile))
      image.boxes = parseLabels(readSmallText(labelFile, `labels/${labelNameOf(name)}`), `labels/${labelNameOf(name)}`, classes, image);
    images.push(image);
  }
  return { classes, images };
}

/** One image's label file: `class cx cy w h` per line, in full precision so the pixels come back. */
export function writeLabels(image: BoxImage, classes: string[]): string {
  const index = new Map(classes.map((c, i) => [c, i]));
  return image.boxes.map((b) => [index.get(b.label), ...toYolo(b, image.width, image.height)].join(' ') + '\n').join('');
}

function parseLabels(text: string, file: string, classes: string[], image: BoxImage): Box[] {
  const boxes: Box[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `${file}:${i + 1}`;
    const fields = line.trim().split(/\s+/);
    if (fields.length !== 5) throw new UserError(`${where}: expected "class cx cy w h", got ${fields.length} fields`);
    const [cls, cx, cy, w, h] = fields.map(Number);
    if (!Number.isInteger(cls) || cls < 0 || cls >= classes.length) throw new UserError(`${where}: class ${fields[0]} is not one of 0-${classes.length - 1}`);
    if (![cx, cy, w, h].every(Number.isFinite)) throw new UserError(`${where}: coordinates must be numbers`);
    const box = fromYolo(classes[cls], cx, cy, w, h, image.width, image.height);
    checkBox(box, image, where);
    boxes.push(box);
  });
  return boxes;
}

function checkNames(names: string[], file: string): string[] {
  if (names.length === 0) throw new UserError(`${file}: lists no classes`);
  const dupe = names.find((n, i) => names.indexOf(n) !== i);
  if (dupe !== undefined) throw new UserError(`${file}: class "${dupe}" appears twice`);
  if (names.includes('')) throw new UserError(`${file}: a class name is empty`);
  return names;
}

/** Files under a folder as sorted relative paths with forward slashes; dot files skipped. */
/** Files under root, sorted; `out` is passed down rather than spread back, for folders of any size. */
function walk(root: string, prefix = '', out: string[] = []): string[] {
  if (!fs.existsSync(root)) return out;
  const entries = fs.readdirSync(root, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const rel = prefix + e.name;
    if (e.isDirectory()) walk(path.join(root, e.name), `${rel}/`, out);
    else if (e.isFile()) out.push(rel);
  }
  return out;
}

/** data.yaml, classes.txt and label files: a few KB each, held to the record limit. */
function readSmallText(file: string, shown: string): string {
  return readTextFile(file, shown, inputLimits().recordBytes, 'CAIRN_MAX_RECORD_MB');
}
