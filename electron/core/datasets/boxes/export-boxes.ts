import fs from 'node:fs';
import path from 'node:path';
import type { DatasetVersionInfo } from '../../../../shared/domain';
import type { AnnotationValue } from '../../../../shared/labeling/types';
import type { BlobStore } from '../../files/blob-store';
import { readSchema } from '../../labeling/schema-repo';
import type { Db } from '../../store/database';
import { UserError } from '../../errors';
import type { DatasetRepo } from '../dataset-repo';
import { withPendingOutput } from '../../files/pending-outputs';
import { type BoxImage, type BoxSet, safeName } from './box-set';
import { decodeImageSize } from '../image-decode';
import { writeCoco } from './coco';
import { writeDataYaml } from './data-yaml';
import { labelNameOf, writeLabels } from './yolo';

export type BoxFormat = 'coco' | 'yolo';

// A folder holding only these is an earlier export of the format, safe to replace whole.
const EXPORT_ENTRIES: Record<BoxFormat, { marker: string; entries: string[] }> = {
  coco: { marker: 'annotations.json', entries: ['annotations.json', 'images'] },
  yolo: { marker: 'data.yaml', entries: ['data.yaml', 'classes.txt', 'images', 'labels'] },
};

/**
 * Writes a version's images and boxes as a COCO or YOLO folder. It is built in a temp sibling
 * and renamed into place, so `out` is either the old folder or the whole new one; an existing
 * `out` must be empty or an earlier export of the same format.
 */
export async function exportBoxes(
  deps: { db: Db; blobs: BlobStore; repo: DatasetRepo; tmpDir: string },
  v: DatasetVersionInfo,
  format: BoxFormat,
  out: string,
): Promise<{ path: string; rows: number }> {
  const target = path.resolve(out);
  checkTarget(target, format);
  const set = await boxSetOf(deps, v, format);
  const tmp = `${target}.${process.pid}-${Date.now()}.tmp`;
  await withPendingOutput(deps.tmpDir, tmp, async () => {
    try {
      fs.mkdirSync(tmp, { recursive: true });
      for (const img of set.images) {
        const dest = path.join(tmp, 'images', img.name);
        fs.mkdirSync(path.dirname(dest), { recursive: true });
        fs.copyFileSync(img.file, dest);
      }
      if (format === 'coco') {
        fs.writeFileSync(path.join(tmp, 'annotations.json'), writeCoco(set));
      } else {
        for (const img of set.images) {
          const dest = path.join(tmp, 'labels', labelNameOf(img.name));
          fs.mkdirSync(path.dirname(dest), { recursive: true });
          fs.writeFileSync(dest, writeLabels(img, set.classes));
        }
        fs.writeFileSync(path.join(tmp, 'data.yaml'), writeDataYaml(target, set.classes));
        fs.writeFileSync(path.join(tmp, 'classes.txt'), set.classes.map((c) => `${c}\n`).join(''));
      }
      swapIn(tmp, target);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
  return { path: target, rows: set.images.length };
}

/** The version as a box set: classes from the label set (then any box class it lacks), image sizes filled in. */
async function boxSetOf({ db, blobs, repo }: { db: Db; blobs: BlobStore; repo: DatasetRepo }, v: DatasetVersionInfo, format: BoxFormat): Promise<BoxSet> {
  const ref = `${repo.datasetName(v.datasetId)}@${v.version}`;
  const refuse = (why: string) => new UserError(`${format.toUpperCase()} export needs bounding boxes: ${ref} ${why}; use csv or jsonl`, 'unsupported');
  if (v.kind !== 'images') throw refuse('is a table');
  const items = repo.items(v.id);
  const values = items.map((i) => (i.annotation === null ? null : (JSON.parse(i.annotation) as AnnotationValue)));
  if (!values.some((val) => val?.boxes?.length)) throw refuse('has image-level class labels but no boxes, so there is nothing to export as boxes');

  const classes = readSchema(db, v.datasetId).classes.map((c) => c.name);
  for (const val of values) for (const b of val?.boxes ?? []) if (!classes.includes(b.label)) classes.push(b.label);

  const images: BoxImage[] = [];
  const taken = new Map<string, string>();
  for (const [i, item] of items.entries()) {
    const name = item.name === null ? null : safeName(item.name);
    if (name === null || item.fileHash === null)
      throw new UserError(`${ref}: item ${i + 1} (${item.name ?? 'no name'}) has no file name that stays inside the export folder`);
    // YOLO finds boxes by the name without extension, so a.png and a.jpg would share a label file.
    const key = format === 'yolo' ? labelNameOf(name) : name;
    if (taken.has(key))
      throw new UserError(`${ref}: "${taken.get(key)}" and "${name}" would be written to the same ${format === 'yolo' ? `labels/${key}` : `images/${name}`}`);
    taken.set(key, name);
    const file = blobs.pathOf(item.fileHash);
    const size = item.width !== null && item.height !== null ? { width: item.width, height: item.height } : await decodeImageSize(file, name);
    images.push({ name, file, ...size, boxes: values[i]?.boxes ?? [] });
  }
  return { classes, images };
}

function checkTarget(target: string, format: BoxFormat): void {
  const stat = fs.statSync(target, { throwIfNoEntry: false });
  if (!stat) return;
  if (!stat.isDirectory()) throw new UserError(`${target} is a file; ${format.toUpperCase()} export writes a folder`);
  const entries = fs.readdirSync(target);
  const { marker, entries: allowed } = EXPORT_ENTRIES[format];
  if (entries.length === 0 || (entries.includes(marker) && entries.every((e) => allowed.includes(e)))) return;
  throw new UserError(`${target} is not empty and not an earlier ${format.toUpperCase()} export; choose an empty or new folder`, 'conflict');
}

function swapIn(tmp: string, target: string): void {
  if (!fs.existsSync(target)) {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.renameSync(tmp, target);
    return;
  }
  const old = `${tmp}.old`;
  fs.renameSync(target, old);
  fs.renameSync(tmp, target);
  fs.rmSync(old, { recursive: true, force: true });
}
