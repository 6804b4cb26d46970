import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Cell } from './column-types';
import { scratchName } from './scratch-sweep';

const BATCH = 10_000;

/**
 * The rows of an import on their way into the store: a scratch SQLite file with its own
 * connection, filled in small synchronous transactions while the file streams, so the main
 * database is written only by the one short transaction that copies them in
 * (DatasetRepo.addStagedVersion). Columns whose distinct values passed the in-memory cap keep
 * their values in `d<k>` to be counted here afterwards.
 *
 *   rows(position INTEGER PRIMARY KEY, hash TEXT, data TEXT, label TEXT, d0, d1, ...)
 */
export class StagingFile {
  readonly file: string;
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private readonly flushBatch: (rows: unknown[][]) => void;
  private batch: unknown[][] = [];
  private position = 0;

  constructor(
    dir: string,
    private readonly distinctColumns: number,
  ) {
    fs.mkdirSync(dir, { recursive: true });
    this.file = path.join(dir, scratchName('import', '.db'));
    this.db = new Database(this.file);
    // Scratch data: a crash loses nothing worth a journal.
    this.db.pragma('journal_mode = OFF');
    this.db.pragma('synchronous = OFF');
    const extra = Array.from({ length: distinctColumns }, (_, k) => `, d${k}`).join('');
    this.db.exec(`CREATE TABLE rows (position INTEGER PRIMARY KEY, hash TEXT NOT NULL, data TEXT, label TEXT${extra})`);
    this.insert = this.db.prepare(`INSERT INTO rows VALUES (${['?', '?', '?', '?', ...Array(distinctColumns).fill('?')].join(', ')})`);
    this.flushBatch = this.db.transaction((rows: unknown[][]) => {
      for (const r of rows) this.insert.run(r);
    });
  }

  get rows(): number {
    return this.position;
  }

  add(hash: string, data: string, label: string | null, distinctValues: Cell[]): void {
    this.batch.push([this.position++, hash, data, label, ...distinctValues]);
    if (this.batch.length >= BATCH) this.flush();
  }

  /** Exact distinct counts of the columns kept for counting, in one scan. */
  distinctCounts(): number[] {
    this.flush();
    if (this.distinctColumns === 0) return [];
    const counts = Array.from({ length: this.distinctColumns }, (_, k) => `COUNT(DISTINCT d${k})`).join(', ');
    return this.db.prepare(`SELECT ${counts} FROM rows`).raw().get() as number[];
  }

  /** Writes what is pending and closes the connection, ready to be attached. */
  finish(): void {
    this.flush();
    this.db.close();
  }

  remove(): void {
    if (this.db.open) this.db.close();
    fs.rmSync(this.file, { force: true });
  }

  private flush(): void {
    if (this.batch.length === 0) return;
    this.flushBatch(this.batch);
    this.batch = [];
  }
}
