import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../store/database';

/** Content-addressed files under the data folder; the database records each hash once. */
export class BlobStore {
  constructor(
    private readonly db: Db,
    private readonly root: string,
  ) {
    fs.mkdirSync(root, { recursive: true });
  }

  pathOf(hash: string): string {
    return path.join(this.root, hash.slice(0, 2), hash);
  }

  put(data: Buffer | Uint8Array): string {
    const hash = crypto.createHash('sha256').update(data).digest('hex');
    const target = this.pathOf(hash);
    if (!fs.existsSync(target)) {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      const tmp = `${target}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, data);
      fs.renameSync(tmp, target);
    }
    this.db
      .prepare('INSERT OR IGNORE INTO files (hash, size, created_at) VALUES (?, ?, ?)')
      .run(hash, data.byteLength, Date.now());
    return hash;
  }

  putFile(file: string): string {
    return this.put(fs.readFileSync(file));
  }

  /** Deletes a file nothing refers to any more (a superseded checkpoint); keeps it otherwise. */
  releaseIfUnused(hash: string): void {
    const used = this.db
      .prepare(
        `SELECT EXISTS (SELECT 1 FROM run_artifacts WHERE file_hash = @hash)
             OR EXISTS (SELECT 1 FROM items WHERE file_hash = @hash)
             OR EXISTS (SELECT 1 FROM model_version_files WHERE file_hash = @hash)`,
      )
      .pluck()
      .get({ hash });
    if (used) return;
    this.db.prepare('DELETE FROM files WHERE hash = ?').run(hash);
    fs.rmSync(this.pathOf(hash), { force: true });
  }

  read(hash: string): Buffer {
    return fs.readFileSync(this.pathOf(hash));
  }

  size(hash: string): number {
    const row = this.db.prepare('SELECT size FROM files WHERE hash = ?').get(hash) as { size: number } | undefined;
    return row?.size ?? 0;
  }
}
