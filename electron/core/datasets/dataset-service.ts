import path from 'node:path';
import type { DatasetVersionInfo } from '../../../shared/domain';
import type { BlobStore } from '../files/blob-store';
import type { Db } from '../store/database';
import { UserError } from '../errors';
import type { ImportProgress, ImportRequest, ImportResult } from './dataset-import';
import { DatasetRepo } from './dataset-repo';

export class DatasetService {
  readonly repo: DatasetRepo;
  /** Staging files, half-copied blobs and other scratch; beside the database so renames stay on one disk. */
  readonly tmpDir: string;

  readonly db: Db;
  readonly blobs: BlobStore;

  constructor(deps: { db: Db; blobs: BlobStore }) {
    ({ db: this.db, blobs: this.blobs } = deps);
    this.repo = new DatasetRepo(this.db);
    this.tmpDir = path.join(path.dirname(this.db.name), 'tmp');
  }

  /** The readers (CSV, image folders, COCO and YOLO) load with the first import, not with every command that opens the core. */
  async import(req: ImportRequest, onProgress?: (p: ImportProgress) => void): Promise<ImportResult> {
    return (await import('./dataset-import')).importDataset(this, req, onProgress);
  }

  /** The dataset version a name or id (with an optional @version) refers to. */
  resolve(ref: { id?: number; name?: string; version?: number }): DatasetVersionInfo {
    const ds = ref.id !== undefined ? this.repo.get(ref.id) : ref.name ? this.repo.findByName(ref.name) : null;
    if (!ds) throw new UserError(`No dataset named "${ref.name ?? ref.id}"`, 'not_found', 'dataset');
    return this.repo.version(ds.id, ref.version);
  }
}
