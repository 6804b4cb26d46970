import { randomUUID } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import type { StoreChange } from '../../../shared/api/contract';
import { cascades, tableKeys } from './change-keys';
import type { Db } from './database';
import { mayWrite, parseWrite, scriptTargets, type WriteStatement } from './write-statement';

/** How often the store is asked whether another process committed (PRAGMA data_version). */
const POLL_MS = Number(process.env.CAIRN_CHANGE_POLL_MS) || 150;
/** change_log rows kept: a process that falls further behind is told every table changed. */
const KEEP = 1000;
/** Keys kept per table and transaction; past this a table's change is "any row". */
const MAX_KEYS = 1000;
/** Statements analysed and remembered; SQL built per call (IN lists) would grow it forever. */
const MAX_ANALYSED = 2000;

type Keys = Set<string | number> | 'any';
type Changes = Map<string, Keys>;

/**
 * Every write through the store publishes what it changed: the connection's statements and
 * transactions are wrapped so each write records its table and rows' keys (write-statement.ts),
 * and at commit one change_log row carries them for other processes while this one publishes
 * them at once. A timer watches PRAGMA data_version, which moves when another connection
 * commits, and publishes the change_log rows others wrote. So no repository, service or handler
 * emits a change by hand, and none can forget to.
 */
export class ChangeFeed {
  private readonly writer = randomUUID();
  private readonly prepareRaw: (sql: string) => Statement;
  private readonly keyOf: ReturnType<typeof tableKeys>;
  private readonly cascadesOf: ReturnType<typeof cascades>;
  private readonly analysed = new Map<string, WriteStatement | null>();
  private readonly log: Statement;
  private readonly prune: Statement;
  private readonly since: Statement;
  private readonly autocommit: (write: () => unknown) => unknown;
  private pending: Changes = new Map();
  private committed: Changes = new Map();
  private depth = 0;
  private publishQueued = false;
  private cursor: number;
  private version: number;
  private readonly timer: ReturnType<typeof setInterval>;
  private failing: string | null = null;

  constructor(
    private readonly db: Db,
    private readonly publish: (change: StoreChange) => void,
  ) {
    this.prepareRaw = db.prepare.bind(db) as (sql: string) => Statement;
    this.keyOf = tableKeys(db);
    this.cascadesOf = cascades(db);
    this.log = this.prepareRaw('INSERT INTO change_log (writer, tables, ids, at) VALUES (?, ?, ?, ?)');
    this.prune = this.prepareRaw('DELETE FROM change_log WHERE seq <= ?');
    this.since = this.prepareRaw('SELECT seq, writer, tables, ids FROM change_log WHERE seq > ? ORDER BY seq');
    this.cursor = (this.prepareRaw('SELECT COALESCE(MAX(seq), 0) FROM change_log').pluck().get() as number) ?? 0;
    this.version = this.dataVersion();
    this.install();
    this.autocommit = db.transaction((write: () => unknown) => write());
    this.timer = setInterval(() => this.watch(), POLL_MS);
    // A CLI command exits when its work is done, not when this timer says so.
    this.timer.unref();
  }

  /** Publishes other processes' changes now, rather than at the next tick (tests, shutdown). */
  poll(): void {
    if (!this.db.open || this.db.inTransaction) return;
    const version = this.dataVersion();
    if (version === this.version) return;
    const rows = this.since.all(this.cursor) as { seq: number; writer: string; tables: string; ids: string }[];
    // Only once read: a failed read is tried again at the next tick.
    this.version = version;
    if (!rows.length) return;
    const missed = rows[0].seq > this.cursor + 1;
    this.cursor = rows[rows.length - 1].seq;
    const changes: Changes = new Map();
    if (missed) for (const table of this.allTables()) changes.set(table, 'any');
    for (const row of rows) {
      if (row.writer === this.writer) continue;
      const ids = JSON.parse(row.ids) as Record<string, (string | number)[]>;
      for (const table of JSON.parse(row.tables) as string[]) {
        if (!ids[table]) merge(changes, table, undefined);
        else for (const key of ids[table]) merge(changes, table, key);
      }
    }
    if (changes.size) this.publish({ ...toPayload(changes), external: true });
  }

  /** The timer's poll: a failed read (a full disk, a locked file) is said once and tried again, never thrown. */
  private watch(): void {
    try {
      this.poll();
      this.failing = null;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (message !== this.failing) console.error(`cairn: could not read other processes' changes: ${message}`);
      this.failing = message;
    }
  }

  close(): void {
    clearInterval(this.timer);
  }

  private install(): void {
    const db = this.db;
    const transaction = db.transaction.bind(db);
    const within = <T>(body: () => T): T => this.within(body);
    db.prepare = ((sql: string) => this.track(this.prepareRaw(sql), sql)) as Db['prepare'];
    db.transaction = ((fn: (...args: unknown[]) => unknown) =>
      transaction(function (this: unknown, ...args: unknown[]) {
        return within(() => fn.apply(this, args));
      })) as Db['transaction'];
    const exec = db.exec.bind(db);
    db.exec = (sql: string) => {
      const tables = mayWrite(sql) ? scriptTargets(sql) : [];
      if (!tables.length) return exec(sql);
      return this.written(() => {
        exec(sql);
        for (const table of tables) this.note(table, undefined);
        return db;
      });
    };
  }

  private track(stmt: Statement, sql: string): Statement {
    const write = this.analyse(sql);
    if (!write) return stmt;
    const { run, get, all } = stmt;
    stmt.run = (...params: unknown[]) =>
      this.written(() => {
        const info = run.apply(stmt, params);
        if (info.changes > 0) this.record(write, params, info.lastInsertRowid);
        return info;
      });
    // RETURNING: rows come back instead of a count, so the write is assumed to have changed some.
    stmt.get = (...params: unknown[]) => this.written(() => (this.record(write, params, undefined), get.apply(stmt, params)));
    stmt.all = (...params: unknown[]) => this.written(() => (this.record(write, params, undefined), all.apply(stmt, params)));
    return stmt;
  }

  private analyse(sql: string): WriteStatement | null {
    if (!mayWrite(sql)) return null;
    let write = this.analysed.get(sql);
    if (write === undefined) {
      if (this.analysed.size >= MAX_ANALYSED) this.analysed.clear();
      write = parseWrite(sql, this.keyOf);
      if (write?.table === 'change_log' || write?.table === 'migrations') write = null;
      this.analysed.set(sql, write);
    }
    return write;
  }

  /** A write outside any transaction gets one, so its change_log row commits with it. */
  private written<T>(write: () => T): T {
    return this.db.inTransaction ? write() : (this.autocommit(write) as T);
  }

  /** Runs a transaction's body; the outermost one, when it succeeds, logs what it changed before commit. */
  private within<T>(body: () => T): T {
    this.depth++;
    try {
      const result = body();
      if (this.depth === 1) this.seal();
      return result;
    } catch (err) {
      if (this.depth === 1) this.pending = new Map();
      throw err;
    } finally {
      this.depth--;
    }
  }

  private record(write: WriteStatement, params: unknown[], rowid: number | bigint | undefined): void {
    const values = params.length === 1 && Array.isArray(params[0]) ? (params[0] as unknown[]) : params;
    const key = write.keyParam !== null ? values[write.keyParam] : write.keyIsRowid ? rowid : undefined;
    this.note(write.table, key);
    if (write.removes) for (const child of this.cascadesOf(write.table)) this.note(child, undefined);
  }

  private note(table: string, key: unknown): void {
    merge(this.pending, table, key);
  }

  private seal(): void {
    if (!this.pending.size) return;
    const payload = toPayload(this.pending);
    const seq = Number(this.log.run(this.writer, JSON.stringify(payload.tables), JSON.stringify(payload.ids), Date.now()).lastInsertRowid);
    if (seq % 64 === 0) this.prune.run(seq - KEEP);
    for (const [table, keys] of this.pending) {
      if (keys === 'any') merge(this.committed, table, undefined);
      else for (const key of keys) merge(this.committed, table, key);
    }
    this.pending = new Map();
    if (this.publishQueued) return;
    this.publishQueued = true;
    // After the commit, and once for a handler's several writes.
    setImmediate(() => {
      this.publishQueued = false;
      const committed = this.committed;
      this.committed = new Map();
      if (committed.size) this.publish({ ...toPayload(committed), external: false });
    });
  }

  private dataVersion(): number {
    return this.db.pragma('data_version', { simple: true }) as number;
  }

  private allTables(): string[] {
    return this.prepareRaw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('change_log', 'migrations')")
      .pluck()
      .all() as string[];
  }
}

function merge(changes: Changes, table: string, key: unknown): void {
  const keys = changes.get(table);
  if (keys === 'any') return;
  const plain = typeof key === 'bigint' ? Number(key) : key;
  if ((typeof plain !== 'string' && typeof plain !== 'number') || (keys && keys.size >= MAX_KEYS)) {
    changes.set(table, 'any');
    return;
  }
  if (keys) keys.add(plain);
  else changes.set(table, new Set([plain]));
}

function toPayload(changes: Changes): Omit<StoreChange, 'external'> {
  const ids: Record<string, (string | number)[]> = {};
  for (const [table, keys] of changes) if (keys !== 'any') ids[table] = [...keys];
  return { tables: [...changes.keys()].sort(), ids };
}
