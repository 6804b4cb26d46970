import Database from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations/index';
import { isDiskFull } from './store-errors';

export type Db = Database.Database;

/** How long one statement waits for another process's write lock (tests lower it to provoke contention). */
const BUSY_TIMEOUT_MS = Number(process.env.CAIRN_BUSY_TIMEOUT_MS) || 5000;

export function openDatabase(file: string, migrations: Migration[] = MIGRATIONS): Db {
  let db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
  } catch (err) {
    db.close();
    if (!noRoomForSharedIndex(err)) throw err;
    // WAL connections share an index in the -shm file, which a full disk has no room to size.
    // In exclusive locking mode SQLite keeps that index in this process's memory instead, so the
    // store still opens and reads work (writes then fail as disk-full); other processes wait
    // for this one meanwhile, which is all a full disk allows anyway.
    db = new Database(file);
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('journal_mode = WAL');
  }
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // CLI processes and `cairn serve` may share one data folder.
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  migrate(db, migrations);
  return db;
}

function noRoomForSharedIndex(err: unknown): boolean {
  return (err as { code?: unknown }).code === 'SQLITE_IOERR_SHMSIZE' || isDiskFull(err);
}

export function migrate(db: Db, migrations: Migration[]): void {
  db.exec(`CREATE TABLE IF NOT EXISTS migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
  const applied = new Map((db.prepare('SELECT id, name FROM migrations').all() as { id: number; name: string }[]).map((m) => [m.id, m.name]));
  const known = new Set(migrations.map((m) => m.id));
  for (const id of applied.keys()) {
    if (!known.has(id)) {
      throw new Error(`This data folder was written by a newer Cairn (migration ${id} is unknown); upgrade Cairn to open it.`);
    }
  }
  for (const m of [...migrations].sort((a, b) => a.id - b.id)) {
    const name = applied.get(m.id);
    if (name !== undefined) {
      if (name !== m.name) throw new Error(`Migration ${m.id} is recorded as "${name}" but this build calls it "${m.name}".`);
      continue;
    }
    // foreign_keys can't change inside a transaction, so a rebuild turns them off around it.
    if (m.rebuildsTables) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        db.exec(m.sql);
        const broken = db.pragma('foreign_key_check') as unknown[];
        if (broken.length) throw new Error(`Migration ${m.id} (${m.name}) would break ${broken.length} foreign keys`);
        db.prepare('INSERT INTO migrations (id, name, applied_at) VALUES (?, ?, ?)').run(m.id, m.name, Date.now());
      }).immediate();
    } finally {
      if (m.rebuildsTables) db.pragma('foreign_keys = ON');
    }
  }
}
