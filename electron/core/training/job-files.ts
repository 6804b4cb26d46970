import fs from 'node:fs';
import path from 'node:path';
import type { DatasetVersionInfo } from '../../../shared/domain';
import { MODEL_FILES, type ImageJobData, type TabularJobData } from '../../../shared/worker/protocol';
import type { DatasetRepo } from '../datasets/dataset-repo';
import type { BlobStore } from '../files/blob-store';
import { LineFile } from '../files/line-file';
import { UserError } from '../errors';

/**
 * Writes a version's labeled items where the worker reads them. Tables go out as NDJSON streamed
 * from SQLite (see TabularJobData), so neither process holds the whole table as objects.
 */
export function writeJobData(jobDir: string, version: DatasetVersionInfo, repo: DatasetRepo, blobs: BlobStore): TabularJobData | ImageJobData {
  fs.mkdirSync(jobDir, { recursive: true });
  if (version.kind === 'tabular') {
    const file = path.join(jobDir, 'data.ndjson');
    const columns = version.columns.filter((c) => c.name !== version.labelColumn).map((c) => ({ name: c.name, type: c.type }));
    const out = new LineFile(file);
    let labeled = 0;
    try {
      out.add(JSON.stringify({ columns }));
      for (const item of repo.iterateItems(version.id)) {
        if (item.label === null) continue;
        labeled++;
        // The stored row is already a JSON array: copied as text, never parsed here.
        out.add(`[${JSON.stringify(item.label)},${item.data ?? '[]'}]`);
      }
    } finally {
      out.close();
    }
    if (labeled === 0) throw new UserError(`Dataset version ${version.version} has no labeled items to train on`);
    return { kind: 'tabular', file };
  }
  const items = repo.items(version.id).filter((i) => i.label !== null);
  if (items.length === 0) throw new UserError(`Dataset version ${version.version} has no labeled items to train on`);
  const file = path.join(jobDir, 'data.json');
  const imageItems = items.map((i) => ({ path: blobs.pathOf(i.fileHash!), label: i.label, name: i.name }));
  fs.writeFileSync(file, JSON.stringify({ items: imageItems }));
  return { kind: 'images', file };
}

/**
 * The two files of a model or checkpoint folder, read at once: the worker replaces its
 * checkpoint folder at the next epoch, maybe before the store gets to record this one.
 */
export function readModelDir(dir: string, prefix: string): Record<string, Buffer> {
  return {
    [`${prefix}/${MODEL_FILES.topology}`]: fs.readFileSync(path.join(dir, MODEL_FILES.topology)),
    [`${prefix}/${MODEL_FILES.weights}`]: fs.readFileSync(path.join(dir, MODEL_FILES.weights)),
  };
}

/** Stores files read by readModelDir; returns artifact name -> hash. */
export function storeModelFiles(files: Record<string, Buffer>, blobs: BlobStore): Record<string, string> {
  return Object.fromEntries(Object.entries(files).map(([name, data]) => [name, blobs.put(data)]));
}

/** Lays a stored model or checkpoint back out as a folder the worker can load. */
export function restoreModelDir(dir: string, hashes: { topology: string; weights: string }, blobs: BlobStore): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(blobs.pathOf(hashes.topology), path.join(dir, MODEL_FILES.topology));
  fs.copyFileSync(blobs.pathOf(hashes.weights), path.join(dir, MODEL_FILES.weights));
}
