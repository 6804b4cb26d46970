import Database from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations/index';

export type Db = Database.Database;

export function openDatabase(file: string, migrations: Migration[] = MIGRATIONS): Db {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // CLI processes and `cairn serve` may share one data folder.
  db.pragma('busy_timeout = 5000');
  migrate(db, migrations);
  return db;
}

export function migrate(db: Db, migrations: Migration[]): void {
  db.exec(`CREATE TABLE IF NOT EXISTS migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
  const applied = new Map(
    (db.prepare('SELECT id, name FROM migrations').all() as { id: number; name: string }[]).map((m) => [m.id, m.name]),
  );
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
