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
    expect(db.prepare('SELECT name FROM experiments').pluck().all()).toEqual(['Default']);
  });

  it('gives evaluations stored before 009 a gate status (no gates is not a pass) and no known training overlap', () => {
    const db = new Database(':memory:');
    migrate(
      db,
      MIGRATIONS.filter((m) => m.id < 9),
    );
    db.prepare(
      "INSERT INTO runs (id, experiment_id, name, status, model_type, config, params, seed, created_at) VALUES ('r', 1, 'r', 'finished', 'mlp', '{}', '{}', 1, 0)",
    ).run();
    const insert = db.prepare("INSERT INTO evaluations (run_id, created_at, passed, report) VALUES ('r', ?, ?, ?)");
    insert.run(1, 1, JSON.stringify({ gates: [] }));
    insert.run(2, 1, JSON.stringify({ gates: [{ expression: 'accuracy >= 0.5', passed: true }] }));
    insert.run(3, 0, JSON.stringify({ gates: [{ expression: 'accuracy >= 0.99', passed: false }] }));
    migrate(db, MIGRATIONS);
    expect(db.prepare('SELECT gate_status AS gateStatus, training_overlap AS overlap FROM evaluations ORDER BY created_at').all()).toEqual([
      { gateStatus: 'no_gates', overlap: null },
      { gateStatus: 'passed', overlap: null },
      { gateStatus: 'failed', overlap: null },
    ]);
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
