import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../store/database';

/** Every table whose rows point at stored files: what keeps a file. */
const REFERENCING_TABLES = ['items', 'run_artifacts', 'model_version_files', 'logged_model_files'];

/** A row of `files`: one per stored content. */
export interface FileRow {
  hash: string;
  size: number;
  created_at: number;
}

/**
 * Content-addressed files under the data folder; the database records each hash once. The only
 * code that writes `files`: other features store, record and size files through this.
 */
export class BlobStore {
  constructor(
    private readonly db: Db,
    readonly root: string,
  ) {
    fs.mkdirSync(root, { recursive: true });
  }

  pathOf(hash: string): string {
    return path.join(this.root, hash.slice(0, 2), hash);
  }

  /**
   * Stores the bytes and records their hash. The file check and the record are made under the
   * write lock, as releaseIfUnused's are, so another process on the same folder can never
   * delete the file between the two (it had checkpoints of identical content from equal seeds).
   */
  put(data: Buffer | Uint8Array): string {
    const hash = crypto.createHash('sha256').update(data).digest('hex');
    const target = this.pathOf(hash);
    this.db
      .transaction(() => {
        if (!reuse(target)) {
          fs.mkdirSync(path.dirname(target), { recursive: true });
          const tmp = `${target}.${process.pid}.tmp`;
          fs.writeFileSync(tmp, data);
          fs.renameSync(tmp, target);
        }
        this.record([{ hash, size: data.byteLength }]);
      })
      .immediate();
    return hash;
  }

  /** Records files already in place under their hashes (an import copies them first); recording one again changes nothing. */
  record(files: Iterable<{ hash: string; size: number }>): void {
    const insert = this.db.prepare('INSERT OR IGNORE INTO files (hash, size, created_at) VALUES (?, ?, ?)');
    for (const f of files) insert.run(f.hash, f.size, Date.now());
  }

  isRecorded(hash: string): boolean {
    return this.db.prepare('SELECT 1 FROM files WHERE hash = ?').get(hash) !== undefined;
  }

  putFile(file: string): string {
    return this.put(fs.readFileSync(file));
  }

  /**
   * Deletes a file nothing refers to any more (a superseded checkpoint); keeps it otherwise. The
   * check, the row and the file go in one write transaction: between a separate check and the
   * delete, another process could start referring to the same content.
   */
  releaseIfUnused(hash: string): void {
    this.db
      .transaction(() => {
        const unused = this.db
          .prepare(`SELECT ${this.unreferencedCondition('@hash')}`)
          .pluck()
          .get({ hash });
        if (!unused) return;
        this.db.prepare('DELETE FROM files WHERE hash = ?').run(hash);
        fs.rmSync(this.pathOf(hash), { force: true });
      })
      .immediate();
  }

  /** SQL true when no row points at the hash `expr` names. */
  unreferencedCondition(expr: string): string {
    return REFERENCING_TABLES.map((t) => `NOT EXISTS (SELECT 1 FROM ${t} WHERE file_hash = ${expr})`).join(' AND ');
  }

  /** The hashes some row points at. */
  referenced(): Set<string> {
    const sql = REFERENCING_TABLES.map((t) => `SELECT file_hash FROM ${t} WHERE file_hash IS NOT NULL`).join(' UNION ');
    return new Set(this.db.prepare(sql).pluck().all() as string[]);
  }

  read(hash: string): Buffer {
    return fs.readFileSync(this.pathOf(hash));
  }

  size(hash: string): number {
    return this.sizes([hash]).get(hash) ?? 0;
  }

  /** The recorded size of each hash given; unrecorded ones are left out. */
  sizes(hashes: Iterable<string>): Map<string, number> {
    const rows = this.db
      .prepare('SELECT hash, size FROM files WHERE hash IN (SELECT value FROM json_each(?))')
      .all(JSON.stringify([...new Set(hashes)])) as Pick<FileRow, 'hash' | 'size'>[];
    return new Map(rows.map((r) => [r.hash, r.size]));
  }
}

/**
 * Whether a blob is stored already; if so it is touched, so that `cairn gc` in another process,
 * which keeps files written or reused lately, does not take it before this one records it.
 */
export function reuse(target: string): boolean {
  try {
    const now = new Date();
    fs.utimesSync(target, now, now);
    return true;
  } catch {
    return false;
  }
}
