import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../electron/core/store/database';
import { MIGRATIONS } from '../../electron/core/store/migrations/index';

describe('migrations', () => {
  it('applies each migration once and records it', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS);
    migrate(db, MIGRATIONS);
    const rows = db.prepare('SELECT id, name FROM migrations').all();
    expect(rows).toEqual(MIGRATIONS.map((m) => ({ id: m.id, name: m.name })));
    expect(db.prepare("SELECT name FROM experiments").pluck().all()).toEqual(['Default']);
  });

  it('refuses a database written by a newer build', () => {
    const db = new Database(':memory:');
    migrate(db, [...MIGRATIONS, { id: 999, name: 'future', sql: 'CREATE TABLE future (x)' }]);
    expect(() => migrate(db, MIGRATIONS)).toThrow(/newer Cairn/);
  });

  it('rolls a failing migration back whole', () => {
    const db = new Database(':memory:');
    const bad = { id: 1, name: 'bad', sql: 'CREATE TABLE t (x); INSERT INTO nope VALUES (1);' };
    expect(() => migrate(db, [bad])).toThrow();
    expect(db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 't'").pluck().get()).toBe(0);
    expect(db.prepare('SELECT COUNT(*) FROM migrations').pluck().get()).toBe(0);
  });
});
