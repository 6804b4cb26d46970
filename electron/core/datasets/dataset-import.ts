import fs from 'node:fs';
import path from 'node:path';
import type { DatasetInfo, DatasetVersionInfo } from '../../../shared/domain';
import type { BlobStore } from '../files/blob-store';
import type { Db } from '../store/database';
import { UserError } from '../errors';
import { copyIntoBlobs } from './blob-copy';
import { BlobJournal } from './blob-journal';
import type { DatasetRepo, NewVersionItem } from './dataset-repo';
import { decodeImageSize } from './image-decode';
import { scanImageFolder } from './image-folder';
import { detectBoxFolder } from './boxes/detect';
import { importBoxFolder } from './boxes/import-boxes';
import { importTable, sortClasses } from './table-import';

export interface ImportRequest {
  path: string;
  name: string;
  labelColumn?: string;
  /** Import a table with no label column, to label it later. */
  unlabeled?: boolean;
  /** A `filename,label` CSV labeling a flat folder of images. */
  labels?: string;
  nonImages?: 'skip' | 'reject';
}

export interface ImportProgress {
  phase: 'checking' | 'importing';
  done: number;
  total: number;
}

export type ImportResult = DatasetInfo & { skipped: string[] };

/** At most ten reports a second; the last of each phase always goes out. */
const PROGRESS_INTERVAL_MS = 100;
const DECODE_BATCH = 8;

/** What an import writes through: the store, the blob files, the dataset tables and the scratch folder. */
interface Importer {
  db: Db;
  blobs: BlobStore;
  repo: DatasetRepo;
  tmpDir: string;
}

export async function importDataset(d: Importer, req: ImportRequest, onProgress?: (p: ImportProgress) => void): Promise<ImportResult> {
  const source = path.resolve(req.path);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(source);
  } catch {
    throw new UserError(`${req.path}: no such file or folder`);
  }
  if (req.unlabeled && req.labelColumn !== undefined) throw new UserError('Choose a label column or no label, not both');
  const report = throttle(onProgress);
  // COCO and YOLO folders carry boxes; their reading and checks live in boxes/.
  const boxFolder = stat.isDirectory() ? detectBoxFolder(source) : null;
  if (boxFolder) return { ...d.repo.get((await importBoxFolder(d.db, d.blobs, d.repo, source, boxFolder, req.name, d.tmpDir)).datasetId), skipped: [] };
  if (stat.isDirectory()) {
    const { version, skipped } = await importImages(d, source, req, report);
    return { ...d.repo.get(version.datasetId), skipped };
  }
  if (req.labels !== undefined) throw new UserError(`${req.path}: a labels CSV goes with a folder of images`);
  const version = await importTable(d.repo, req.name, source, {
    labelColumn: req.labelColumn,
    unlabeled: req.unlabeled,
    scratchDir: d.tmpDir,
    onProgress: report,
  });
  return { ...d.repo.get(version.datasetId), skipped: [] };
}

/** Decodes every image (the first bad one refuses the folder), copies each into the blob store, then adds the version in one transaction. */
async function importImages(d: Importer, dir: string, req: ImportRequest, report: ProgressReport): Promise<{ version: DatasetVersionInfo; skipped: string[] }> {
  const { entries, skipped } = await scanImageFolder(dir, { labels: req.labels, nonImages: req.nonImages });
  const sizes: { width: number; height: number }[] = [];
  for (let at = 0; at < entries.length; at += DECODE_BATCH) {
    // Decoded in parallel (sharp's threads), reported in folder order: the first bad file is named.
    const batch = await Promise.allSettled(entries.slice(at, at + DECODE_BATCH).map((e) => decodeImageSize(e.file, e.name)));
    for (const r of batch) {
      if (r.status === 'rejected') throw r.reason;
      sizes.push(r.value);
    }
    report('checking', sizes.length, entries.length);
  }
  const items: (NewVersionItem & { size: number })[] = [];
  const journal = new BlobJournal(d.tmpDir);
  try {
    for (const [i, e] of entries.entries()) {
      const { hash, size } = await copyIntoBlobs(e.file, d.blobs, d.tmpDir, journal);
      items.push({ hash, data: null, fileHash: hash, name: e.name, label: req.unlabeled ? null : e.label, ...sizes[i], size });
      report('importing', i + 1, entries.length);
    }
    const version = d.db
      .transaction(() => {
        // The files are in place already; only their rows are missing.
        d.blobs.record(items);
        return d.repo.addVersion(req.name, {
          kind: 'images',
          columns: [{ name: 'image', type: 'image', missing: 0, distinct: new Set(items.map((i) => i.hash)).size }],
          labelColumn: items.some((i) => i.label !== null) ? 'label' : null,
          classes: sortClasses(new Set(items.flatMap((i) => (i.label === null ? [] : [i.label]))), false),
          source: dir,
          items,
        });
      })
      .immediate();
    journal.commit();
    return { version, skipped };
  } catch (err) {
    journal.abandon(d.blobs);
    throw err;
  }
}

type ProgressReport = (phase: ImportProgress['phase'], done: number, total: number) => void;

function throttle(onProgress: ((p: ImportProgress) => void) | undefined): ProgressReport {
  let last = 0;
  return (phase, done, total) => {
    const now = Date.now();
    if (!onProgress || (done < total && now - last < PROGRESS_INTERVAL_MS)) return;
    last = now;
    onProgress({ phase, done, total });
  };
}
