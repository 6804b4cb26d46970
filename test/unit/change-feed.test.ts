import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { StoreChange } from '../../shared/api/contract';
import { ChangeFeed } from '../../electron/core/store/change-feed';
import { openDatabase, type Db } from '../../electron/core/store/database';
import { mayWrite, parseWrite } from '../../electron/core/store/write-statement';
import { tableKeys } from '../../electron/core/store/change-keys';
import { REPO_ROOT, tempDir } from '../helpers';

interface Open {
  db: Db;
  feed: ChangeFeed;
  seen: StoreChange[];
}

const opened: Open[] = [];
afterEach(() => {
  for (const o of opened.splice(0)) {
    o.feed.close();
    o.db.close();
  }
});

function open(file: string): Open {
  const db = openDatabase(file);
  const seen: StoreChange[] = [];
  const feed = new ChangeFeed(db, (c) => seen.push(c));
  const o = { db, feed, seen };
  opened.push(o);
  return o;
}

/** The local publication comes after the commit, on the next turn of the event loop. */
const settle = () => new Promise((r) => setImmediate(r));

let named = 0;
function seedDataset(db: Db): number {
  return Number(db.prepare('INSERT INTO datasets (name, created_at) VALUES (?, ?)').run(`d${++named}`, 1).lastInsertRowid);
}

describe('write statements', () => {
  const keys = tableKeys(openDatabase(':memory:'));
  const parse = (sql: string) => parseWrite(sql, keys);

  it('finds the key parameter in the shapes the repositories write', () => {
    expect(parse('INSERT INTO runs (id, experiment_id, name) VALUES (?, ?, ?)')).toEqual({ table: 'runs', removes: false, keyParam: 0, keyIsRowid: false });
    expect(parse("UPDATE runs SET status = 'running', started_at = COALESCE(started_at, ?), owner_pid = ? WHERE id = ?")).toMatchObject({
      table: 'runs',
      keyParam: 2,
    });
    expect(parse('DELETE FROM current_labels WHERE dataset_id = ? AND item_id = ? AND labeler = ?')).toMatchObject({
      table: 'current_labels',
      removes: true,
      keyParam: 1,
    });
    expect(
      parse('INSERT INTO current_labels (dataset_id, item_id, labeler) VALUES (?, ?, ?) ON CONFLICT (dataset_id, item_id, labeler) DO UPDATE SET labeler = ?'),
    ).toMatchObject({ keyParam: 1 });
    expect(parse('INSERT OR REPLACE INTO model_aliases (model_id, alias, version_id, moved_at) VALUES (?, ?, ?, ?)')).toMatchObject({
      table: 'model_aliases',
      removes: true,
      keyParam: 0,
    });
    // A key SQLite assigns is the new rowid; an upsert's row may be an old one, so no rowid then.
    expect(parse('INSERT INTO datasets (name, created_at) VALUES (?, ?)')).toMatchObject({ keyParam: null, keyIsRowid: true });
    expect(parse('INSERT INTO models (name) VALUES (?) ON CONFLICT (name) DO NOTHING')).toMatchObject({ keyIsRowid: false });
    // Versions are keyed by their dataset: an update by version id names no dataset.
    expect(parse('UPDATE dataset_versions SET hash = ? WHERE id = ?')).toMatchObject({ table: 'dataset_versions', keyParam: null });
  });

  it('leaves the rows unknown where a parameter could not name them all', () => {
    expect(parse('UPDATE runs SET tags = ? WHERE id = ? OR name = ?')?.keyParam).toBeNull();
    expect(parse('DELETE FROM items WHERE id IN (SELECT id FROM items WHERE dataset_id = ? LIMIT ?)')?.keyParam).toBeNull();
    expect(parse('INSERT INTO runs (id, name) VALUES (?, ?), (?, ?)')?.keyParam).toBeNull();
    expect(parse('INSERT INTO runs (id, name) VALUES (@id, @name)')?.keyParam).toBeNull();
    expect(parse("UPDATE runs SET notes = 'why = ?' WHERE id = ?")?.keyParam).toBe(0);
    expect(parse('INSERT OR IGNORE INTO items (dataset_id, hash, data) SELECT ?, hash, data FROM stage.rows')).toMatchObject({
      table: 'items',
      keyParam: null,
      keyIsRowid: false,
    });
  });

  it('ignores reads and scratch schemas', () => {
    expect(mayWrite('SELECT * FROM runs')).toBe(false);
    expect(parse('SELECT * FROM runs WHERE id = ?')).toBeNull();
    expect(parse('INSERT INTO stage_1.rows VALUES (?, ?)')).toBeNull();
    expect(parse('-- note\nDELETE FROM main.runs WHERE id = ?')).toMatchObject({ table: 'runs', keyParam: 0 });
  });
});

describe('change feed', () => {
  it('publishes each committed write once, with its tables and keys, after the commit', async () => {
    const a = open(path.join(tempDir(), 'cairn.db'));
    const id = seedDataset(a.db);
    expect(a.seen).toEqual([]);
    await settle();
    expect(a.seen).toEqual([{ tables: ['datasets'], ids: { datasets: [id] }, external: false }]);

    a.seen.length = 0;
    a.db.transaction(() => {
      a.db.prepare('INSERT INTO label_schemas (dataset_id, task, classes, updated_at) VALUES (?, ?, ?, ?)').run(id, 'single', '[]', 1);
      a.db.prepare('UPDATE experiments SET budget = ? WHERE id = ?').run(5, 1);
    })();
    a.db.prepare('UPDATE runs SET name = ? WHERE id = ?').run('x', 'no-such-run');
    await settle();
    // The update that changed no row is no change.
    expect(a.seen).toEqual([{ tables: ['experiments', 'label_schemas'], ids: { experiments: [1], label_schemas: [id] }, external: false }]);
  });

  it('publishes nothing for a transaction that rolled back', async () => {
    const a = open(path.join(tempDir(), 'cairn.db'));
    expect(() =>
      a.db.transaction(() => {
        seedDataset(a.db);
        throw new Error('no');
      })(),
    ).toThrow('no');
    await settle();
    expect(a.seen).toEqual([]);
    expect(a.db.prepare('SELECT COUNT(*) FROM change_log').pluck().get()).toBe(0);
  });

  it('names the tables a delete cascades to, their rows unknown', async () => {
    const a = open(path.join(tempDir(), 'cairn.db'));
    const id = seedDataset(a.db);
    await settle();
    a.seen.length = 0;
    a.db.prepare('DELETE FROM datasets WHERE id = ?').run(id);
    await settle();
    const [change] = a.seen;
    expect(change.ids).toEqual({ datasets: [id] });
    expect(change.tables).toEqual(
      expect.arrayContaining(['datasets', 'items', 'dataset_versions', 'version_items', 'current_labels', 'label_schemas', 'version_splits']),
    );
    expect(change.tables).not.toContain('runs');
  });

  it("publishes another connection's commits, seen through PRAGMA data_version, as external", async () => {
    const file = path.join(tempDir(), 'cairn.db');
    const app = open(file);
    const cli = open(file);
    const id = seedDataset(cli.db);
    cli.db.prepare('UPDATE runs SET name = ? WHERE id = ?').run('x', 'none');
    await settle();
    expect(app.seen).toEqual([]);
    app.feed.poll();
    expect(app.seen).toEqual([{ tables: ['datasets'], ids: { datasets: [id] }, external: true }]);
    // Its own writes the watcher skips: they were published at commit.
    app.feed.poll();
    seedDataset(app.db);
    app.feed.poll();
    expect(app.seen).toHaveLength(1);
    await settle();
    cli.feed.poll();
    expect(cli.seen.filter((c) => c.external)).toEqual([{ tables: ['datasets'], ids: { datasets: [id + 1] }, external: true }]);
  });

  it('never throws from its timer: a failed read is said once, and the next one tried', () => {
    const file = path.join(tempDir(), 'cairn.db');
    const app = open(file);
    const other = openDatabase(file);
    other.exec('DROP TABLE change_log');
    other.close();
    const said: string[] = [];
    const error = console.error;
    console.error = (line: string) => said.push(line);
    try {
      const watch = () => (app.feed as unknown as { watch(): void }).watch();
      expect(watch).not.toThrow();
      expect(watch).not.toThrow();
    } finally {
      console.error = error;
    }
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/^cairn: could not read other processes' changes: .*change_log/);
  });

  it('keeps the log bounded and tells a reader that fell behind that every table changed', () => {
    const file = path.join(tempDir(), 'cairn.db');
    const app = open(file);
    const cli = open(file);
    const update = cli.db.prepare('UPDATE experiments SET budget = ? WHERE id = 1');
    for (let i = 0; i < 1500; i++) update.run(i);
    expect(cli.db.prepare('SELECT COUNT(*) FROM change_log').pluck().get()).toBeLessThanOrEqual(1064);
    app.feed.poll();
    expect(app.seen).toHaveLength(1);
    expect(app.seen[0].tables).toEqual(expect.arrayContaining(['runs', 'datasets', 'experiments', 'current_labels']));
    expect(app.seen[0].ids).toEqual({});
  });
});

describe('every write in the core goes through the feed', () => {
  function coreSources(dir = path.join(REPO_ROOT, 'electron', 'core')): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) return e.name === 'migrations' ? [] : coreSources(p);
      return p.endsWith('.ts') ? [p] : [];
    });
  }

  it('opens the store in one place, so every connection is one the feed wraps', () => {
    const opening = coreSources()
      .filter((f) => /new Database\(/.test(fs.readFileSync(f, 'utf8')))
      .map((f) => path.relative(REPO_ROOT, f).split(path.sep).join('/'));
    expect(opening).toEqual(['electron/core/store/database.ts']);
  });

  it('reads the table of every write statement written in the core, and each is a table of the store', () => {
    const db = openDatabase(':memory:');
    const tables = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]);
    const keys = tableKeys(db);
    const found: string[] = [];
    for (const file of coreSources()) {
      const rel = path.relative(REPO_ROOT, file).split(path.sep).join('/');
      const source = fs.readFileSync(file, 'utf8');
      for (const m of source.matchAll(/(['"`])\s*((?:INSERT|REPLACE|UPDATE|DELETE)\b(?:(?!\1)[\s\S])*)\1/g)) {
        if (!/^(INSERT|REPLACE)[\s\S]*\bINTO\b|^UPDATE\s+\w|^DELETE\s+FROM\b/.test(m[2])) continue;
        const write = parseWrite(m[2], keys);
        expect(write, `${rel}: ${m[2]}`).not.toBeNull();
        expect(tables.has(write!.table), `${rel}: ${write!.table}`).toBe(true);
        found.push(write!.table);
      }
    }
    // The scan does see the repositories' writes (a broken pattern would pass vacuously).
    for (const t of [
      'runs',
      'datasets',
      'dataset_versions',
      'items',
      'label_schemas',
      'version_splits',
      'model_aliases',
      'experiments',
      'current_labels',
      'metrics',
    ])
      expect(found).toContain(t);
  });
});
