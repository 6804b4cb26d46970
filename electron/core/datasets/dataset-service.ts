import path from 'node:path';
import type { DatasetVersionInfo } from '../../../shared/domain';
import type { DatasetKey } from '../../../shared/api/calls/keys';
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

  /**
   * The dataset version a key (id, or name as the CLI gives it) or name refers to, the latest
   * unless `version` is given: the one resolver of datasets behind every call that takes one.
   */
  resolve(ref: { id?: DatasetKey; name?: string; version?: number }): DatasetVersionInfo {
    const key = ref.id ?? ref.name;
    const ds = typeof key === 'number' ? this.repo.get(key) : key ? this.repo.findByName(key) : null;
    if (!ds) throw new UserError(`No dataset named "${key}"`, 'not_found', 'dataset');
    return this.repo.version(ds.id, ref.version);
  }
}
