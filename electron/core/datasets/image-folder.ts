import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors';
import { isMissing } from './column-types';
import { streamTable } from './csv-parse';

const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.gif', '.webp', '.bmp', '.tif', '.tiff']);
const FILENAME_HEADERS = ['filename', 'file', 'image', 'path'];
const LABEL_HEADERS = ['label', 'class', 'target', 'y'];

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

export interface ImageFolderOptions {
  /** A CSV of `filename,label` rows labeling the images of a flat folder. */
  labels?: string;
  /** What a file that is not an image does to the import: left out (default), or rejects it. */
  nonImages?: 'skip' | 'reject';
}

/**
 * A folder of images: one subfolder per class, or images directly inside (unlabeled, or
 * labeled by a labels CSV). Hidden files are ignored; other non-images are skipped or rejected.
 */
export async function scanImageFolder(dir: string, opts: ImageFolderOptions = {}): Promise<ScannedFolder> {
  const entries: ImageEntry[] = [];
  const skipped: string[] = [];
  const labelsFile = opts.labels === undefined ? null : path.resolve(opts.labels);
  const consider = (file: string, rel: string, isFile: boolean, label: string | null) => {
    if (file === labelsFile) return;
    if (isFile && isImageName(rel)) entries.push({ file, name: rel, label });
    else if (opts.nonImages === 'reject') throw new UserError(`${rel}: not an image; remove it, or import skipping non-images`);
    else skipped.push(rel);
  };
  let classFolders = false;
  for (const d of listDir(dir)) {
    if (d.isDirectory()) {
      classFolders = true;
      for (const f of listDir(path.join(dir, d.name))) consider(path.join(dir, d.name, f.name), `${d.name}/${f.name}`, f.isFile(), d.name);
    } else consider(path.join(dir, d.name), d.name, d.isFile(), null);
  }
  if (entries.length === 0) throw new UserError(`${dir}: no images found (expected one subfolder per class, or image files)`);
  if (labelsFile !== null) {
    if (classFolders) throw new UserError(`${dir}: a labels CSV labels a flat folder of images, but this one has class subfolders`);
    await applyLabels(labelsFile, dir, entries);
  }
  return { entries, skipped };
}

function listDir(dir: string): fs.Dirent[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => !d.name.startsWith('.'))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function isImageName(name: string): boolean {
  return IMAGE_EXTENSIONS.has(path.extname(name).toLowerCase());
}

/** Labels from `filename,label` rows; images the CSV does not name stay unlabeled. */
async function applyLabels(csv: string, dir: string, entries: ImageEntry[]): Promise<void> {
  const byName = new Map(entries.map((e) => [e.name, e]));
  const rows: { cells: (string | undefined)[]; line: number }[] = [];
  const header = await streamTable(csv, 'csv', { row: (cells, line) => rows.push({ cells, line }) });
  const lower = header.map((h) => h.toLowerCase());
  const fileAt = lower.findIndex((h) => FILENAME_HEADERS.includes(h));
  if (fileAt < 0) throw new UserError(`${csv}: line 1: no filename column (expected one of ${FILENAME_HEADERS.join(', ')})`);
  const labelAt = header.length === 2 ? 1 - fileAt : lower.findIndex((h) => LABEL_HEADERS.includes(h));
  if (labelAt < 0) throw new UserError(`${csv}: line 1: no label column (expected one of ${LABEL_HEADERS.join(', ')})`);
  const seen = new Set<string>();
  for (const { cells, line } of rows) {
    const name = (cells[fileAt] ?? '').trim().replace(/\\/g, '/').replace(/^\.\//, '');
    const entry = byName.get(name);
    if (!entry) throw new UserError(`${csv}: line ${line}: no image "${name}" in ${dir}`);
    if (seen.has(name)) throw new UserError(`${csv}: line ${line}: "${name}" is listed twice`);
    seen.add(name);
    const label = cells[labelAt];
    entry.label = isMissing(label) ? null : label!.trim();
  }
}
