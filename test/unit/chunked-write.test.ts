import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeInChunks } from '../../electron/core/store/chunked-write';
import { tempDir } from '../helpers';

// writeInChunks prepares each chunk while the lock is free after the one before: every row must
// still be written exactly once, each write with what was prepared for its own rows, and a chunk
// prepared for an idle store is prepared again smaller when another connection wrote meanwhile.

const open: Database.Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

function store(): { db: Database.Database; other: Database.Database } {
  const file = path.join(tempDir('cairn-chunks-'), 'store.db');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE t (i INTEGER PRIMARY KEY, v TEXT NOT NULL); CREATE TABLE beside (x INTEGER)');
  const other = new Database(file);
  open.push(db, other);
  return { db, other };
}

/** A store where writing a row takes 10 µs, so chunks are some thousands of rows on any machine. */
async function write(db: Database.Database, n: number, meanwhile?: () => void) {
  const insert = db.prepare('INSERT INTO t (i, v) SELECT j.key + ?, j.value FROM json_each(?) j');
  const prepared: [number, number][] = [];
  const written: [number, number][] = [];
  const committed: number[] = [];
  await writeInChunks(
    db,
    n,
    (from, to, chunk) => {
      expect(chunk.range).toEqual([from, to]);
      written.push([from, to]);
      insert.run(from, chunk.json);
      const until = performance.now() + (to - from) / 100;
      while (performance.now() < until);
    },
    {
      prepare: (from: number, to: number) => {
        prepared.push([from, to]);
        meanwhile?.();
        return { range: [from, to], json: JSON.stringify(Array.from({ length: to - from }, (_, k) => `row ${from + k}`)) };
      },
      committed: (to) => committed.push(to),
    },
  );
  return { prepared, written, committed };
}

describe('writeInChunks', () => {
  it('writes every row once, in contiguous chunks, each with what was prepared for its rows', async () => {
    const { db } = store();
    const n = 30_000;
    const { written, committed } = await write(db, n);
    expect(written.length).toBeGreaterThan(1);
    written.forEach(([from, to], k) => {
      expect(from).toBe(k === 0 ? 0 : written[k - 1][1]);
      expect(to).toBeGreaterThan(from);
    });
    expect(written.at(-1)![1]).toBe(n);
    expect(committed).toEqual(written.map(([, to]) => to));
    expect(db.prepare('SELECT COUNT(*) AS n, MIN(i) AS lo, MAX(i) AS hi FROM t').get()).toEqual({ n, lo: 0, hi: n - 1 });
    expect(db.prepare('SELECT COUNT(*) FROM t WHERE v != printf(?, i)').pluck().get('row %d')).toBe(0);
  });

  it('prepares a chunk again, smaller, when another connection writes during the pause before it', async () => {
    const { db, other } = store();
    const n = 60_000;
    const beside = other.prepare('INSERT INTO beside (x) VALUES (?)');
    let calls = 0;
    // Another process's write lands during every pause after the third chunk.
    const { prepared, written } = await write(db, n, () => void (++calls > 3 && beside.run(calls)));
    expect(prepared.length).toBeGreaterThan(written.length);
    // What was prepared and not written was prepared again from the same row, smaller.
    for (let k = 1; k < prepared.length; k++) {
      if (prepared[k][0] === prepared[k - 1][0]) expect(prepared[k][1]).toBeLessThan(prepared[k - 1][1]);
    }
    expect(written.at(-1)![1]).toBe(n);
    expect(db.prepare('SELECT COUNT(*) FROM t').pluck().get()).toBe(n);
    expect(db.prepare('SELECT COUNT(*) FROM t WHERE v != printf(?, i)').pluck().get('row %d')).toBe(0);
  });
});
