import type { Db } from './database';
import { retryWrite } from './retry-write';

// Writes of many rows (an import, a label commit, a model's suggestions for every item) go in
// short transactions, the write lock left free between them: in one transaction a million rows
// held it for seconds, past other processes' busy timeouts (a labeler saving, a trainer starting).

/**
 * How long one transaction holds the write lock: rows per chunk follow the time the last chunk
 * took (tens of thousands of rows on an idle machine, fewer on a busy one), so another process
 * waiting with a short busy timeout gets its turn however loaded the machine is. While no other
 * connection has committed for a while, chunks are longer: fewer pauses and commits, each of
 * which writes the pages at the ends of the table and index again.
 */
const CHUNK_MS = 60;
const CHUNK_MS_ALONE = 250;
/** Chunks in a row with no other connection's commit before the longer ones. */
const QUIET_CHUNKS = 3;
const FIRST_CHUNK_ROWS = 5_000;
/** High enough that time, not this, ends a chunk on an idle machine (a cap of 100,000 left a third of a million-row import in pauses). */
const MAX_CHUNK_ROWS = 400_000;
/**
 * Between chunks the lock is left free this long. SQLite's busy handler polls a waiting writer
 * at 1, 3, 8, 18, 33, 53, 78, 103, 128, 178, 228 ms...; with several writers waiting, the lock
 * free almost half the time is what lets each through within a 300 ms busy timeout (the
 * concurrency test's): with 120 ms chunks and 30 ms gaps, trainers starting meanwhile failed.
 */
const PAUSE_MS = 50;

export interface ChunkOptions<P> {
  /** Foreign-key checks off in the chunks, for rows whose references hold by construction (see withoutForeignKeys). */
  foreignKeys?: false;
  /** After each chunk commits, with the rows written so far. */
  committed?(to: number): void;
  /**
   * A chunk's work that needs no lock (its statements' arguments), done while the lock is left
   * free after the chunk before: the pause then costs nothing, and the lock is held only to write.
   */
  prepare?(from: number, to: number): P;
}

/**
 * Writes rows [0, n) in transactions of about CHUNK_MS each, the lock left free a moment after
 * each (waits for other processes' locks count in a chunk's time, so a busy store gets smaller
 * ones). Readers see the rows chunk by chunk: callers write where readers don't look yet (an
 * unpublished version) or rows that are right alone. `write` gets what `prepare` made for its rows.
 */
export async function writeInChunks<P = undefined>(
  db: Db,
  n: number,
  write: (from: number, to: number, prepared: NoInfer<P>) => void,
  opts: ChunkOptions<P> = {},
): Promise<void> {
  const prepare = (from: number, to: number) => ({ to, prepared: opts.prepare ? opts.prepare(from, to) : (undefined as P) });
  const chunk = (from: number, to: number, prepared: P) => db.transaction(() => write(from, to, prepared)).immediate();
  let quiet = 0;
  let next = prepare(0, Math.min(n, FIRST_CHUNK_ROWS));
  for (let from = 0; from < n;) {
    const { to, prepared } = next;
    const started = performance.now();
    await retryWrite(() => (opts.foreignKeys === false ? withoutForeignKeys(db, () => chunk(from, to, prepared)) : chunk(from, to, prepared)));
    const ms = performance.now() - started;
    const rows = to - from;
    const version = dataVersion(db);
    opts.committed?.(to);
    from = to;
    if (from === n) break;
    const pause = new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
    const sized = (quietChunks: number) => {
      const target = quietChunks >= QUIET_CHUNKS ? CHUNK_MS_ALONE : CHUNK_MS;
      return Math.min(n, from + Math.max(1000, Math.min(MAX_CHUNK_ROWS, Math.round((rows * target) / Math.max(ms, 1)))));
    };
    // Prepared as if no one else writes meanwhile, the usual case; made again smaller if someone did.
    next = prepare(from, sized(quiet + 1));
    await pause;
    // data_version moves when another connection commits: someone else is writing.
    quiet = dataVersion(db) === version ? quiet + 1 : 0;
    if (sized(quiet) !== next.to) next = prepare(from, sized(quiet));
  }
}

/**
 * Runs a transaction with this connection's foreign-key checks off. Synchronous, so nothing else
 * in this process writes meanwhile; the pragma is a no-op inside a transaction, so none may be open.
 */
function withoutForeignKeys<T>(db: Db, write: () => T): T {
  if (db.inTransaction) throw new Error('store: foreign keys cannot be turned off inside a transaction');
  db.pragma('foreign_keys = OFF');
  try {
    return write();
  } finally {
    db.pragma('foreign_keys = ON');
  }
}

function dataVersion(db: Db): number {
  return db.pragma('data_version', { simple: true }) as number;
}
