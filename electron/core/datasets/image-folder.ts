import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { UserError } from '../errors';

const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.gif', '.webp', '.bmp', '.tif', '.tiff']);

export interface ImageEntry {
  file: string;
  /** Path relative to the imported folder, kept as the item's name. */
  name: string;
  label: string | null;
}

export interface ScannedFolder {
  entries: ImageEntry[];
  skipped: string[];
}

/** A folder of images: one subfolder per class, or images directly inside (unlabeled). */
export async function scanImageFolder(dir: string): Promise<ScannedFolder> {
  const entries: ImageEntry[] = [];
  const skipped: string[] = [];
  const top = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  for (const d of top) {
    if (d.name.startsWith('.')) continue;
    if (d.isDirectory()) {
      const sub = fs.readdirSync(path.join(dir, d.name), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
      for (const f of sub) {
        if (f.name.startsWith('.')) continue;
        const rel = `${d.name}/${f.name}`;
        if (f.isFile() && isImageName(f.name)) entries.push({ file: path.join(dir, rel), name: rel, label: d.name });
        else skipped.push(rel);
      }
    } else if (d.isFile() && isImageName(d.name)) {
      entries.push({ file: path.join(dir, d.name), name: d.name, label: null });
    } else {
      skipped.push(d.name);
    }
  }
  if (entries.length === 0) throw new UserError(`${dir}: no images found (expected one subfolder per class, or image files)`);
  await verifyDecodable(entries);
  return { entries, skipped };
}

function isImageName(name: string): boolean {
  return IMAGE_EXTENSIONS.has(path.extname(name).toLowerCase());
}

async function verifyDecodable(entries: ImageEntry[]): Promise<void> {
  for (const e of entries) {
    try {
      const meta = await sharp(e.file).metadata();
      if (!meta.width || !meta.height) throw new Error('no dimensions');
    } catch (err) {
      throw new UserError(`${e.name}: not a readable image (${(err as Error).message})`);
    }
  }
}
