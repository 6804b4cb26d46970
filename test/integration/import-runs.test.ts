import Database from 'better-sqlite3';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/core';
import { dataset, datasetCounts, tempDir } from '../helpers';

// A table too big to hold goes into the store in runs (CAIRN_IMPORT_RUN_CHARS makes them small
// here); items are keyed by the leading 12 bytes of their content hash, as migration 019 turns
// the 64 hex characters of older stores into.

const cores: Core[] = [];
afterEach(() => {
  cores.splice(0).forEach((c) => c.close());
  delete process.env.CAIRN_IMPORT_RUN_CHARS;
});

function open(dataDir: string): Core {
  const core = new Core({ dataDir, transport: 'http' });
  cores.push(core);
  return core;
}

function csv(dir: string, name: string, rows: number, from = 0): string {
  const file = path.join(dir, name);
  const lines = ['x,word,label'];
  for (let i = from; i < from + rows; i++) lines.push(`${i % 5000},w${(i * 7) % 9000},c${i % 3}`);
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

const counts = (core: Core) => datasetCounts(core.services.db);

describe('an import in runs', () => {
  it('stores the same version, items and counts as one held whole, and shares items with it', async () => {
    const dir = tempDir('cairn-runs-');
    const file = csv(dir, 'a.csv', 30_000);
    const whole = await open(path.join(dir, 'whole')).services.datasets.import({ path: file, name: 'a' });
    process.env.CAIRN_IMPORT_RUN_CHARS = '50000';
    const core = open(path.join(dir, 'runs'));
    const runs = await core.services.datasets.import({ path: file, name: 'a' });
    expect(runs.latest).toEqual({ ...whole.latest, createdAt: runs.latest.createdAt });
    // Rows repeat every 45,000 / gcd: 30,000 rows, all distinct by (x, word); the label is left out of the item.
    expect(counts(core)).toEqual({ datasets: 1, versions: 1, items: 30_000, links: 30_000 });
    const items = core.services.datasets.repo.items(runs.latest.id);
    expect(items.map((i) => [i.data, i.label])).toEqual(cores[0].services.datasets.repo.items(whole.latest.id).map((i) => [i.data, i.label]));
    expect(items[29_999]).toMatchObject({ data: JSON.stringify([29_999 % 5000, `w${(29_999 * 7) % 9000}`]), label: `c${29_999 % 3}` });

    // A second version overlapping the first by 20,000 rows adds only the 10,000 new items.
    const next = await core.services.datasets.import({ path: csv(dir, 'b.csv', 30_000, 10_000), name: 'a' });
    expect(next.latest.version).toBe(2);
    expect(counts(core)).toEqual({ datasets: 1, versions: 2, items: 40_000, links: 60_000 });
    const shared = core.services.db
      .prepare(
        'SELECT COUNT(*) FROM version_items a JOIN version_items b ON a.item_id = b.item_id AND a.position = b.position + 10000 WHERE a.version_id = ? AND b.version_id = ?',
      )
      .pluck()
      .get(runs.latest.id, next.latest.id);
    expect(shared).toBe(20_000);
  });

  it('reads JSON Lines in runs as it reads them whole', async () => {
    const dir = tempDir('cairn-runs-');
    const file = path.join(dir, 'a.jsonl');
    fs.writeFileSync(file, Array.from({ length: 8000 }, (_, i) => JSON.stringify({ x: i % 700, note: `n${i}`, label: `c${i % 2}` })).join('\n') + '\n');
    const whole = await open(path.join(dir, 'whole')).services.datasets.import({ path: file, name: 'j' });
    process.env.CAIRN_IMPORT_RUN_CHARS = '20000';
    const core = open(path.join(dir, 'runs'));
    const runs = await core.services.datasets.import({ path: file, name: 'j' });
    expect(runs.latest).toEqual({ ...whole.latest, createdAt: runs.latest.createdAt });
    expect(counts(core)).toEqual({ datasets: 1, versions: 1, items: 8000, links: 8000 });
  });

  it('links every row to its own item: rows repeated across runs, and items an earlier version holds', async () => {
    const dir = tempDir('cairn-runs-');
    process.env.CAIRN_IMPORT_RUN_CHARS = '60000';
    const core = open(path.join(dir, 'data'));
    // Each row's content repeats at several positions under different labels (the label is not part of the item).
    const write = (name: string, distinct: number) => {
      const rows = Array.from({ length: 12_000 }, (_, i) => ({ x: (i * 7919) % distinct, label: `c${i % 3}` }));
      const file = path.join(dir, name);
      fs.writeFileSync(file, ['x,word,label', ...rows.map((r) => `${r.x},w${r.x},${r.label}`)].join('\n') + '\n');
      return rows;
    };
    const stored = (versionId: number) => core.services.datasets.repo.items(versionId).map((i) => [i.data, i.label]);
    const first = write('a.csv', 4000);
    const a = await core.services.datasets.import({ path: path.join(dir, 'a.csv'), name: 'a' });
    expect(stored(a.latest.id)).toEqual(first.map((r) => [JSON.stringify([r.x, `w${r.x}`]), r.label]));
    expect(counts(core)).toEqual({ datasets: 1, versions: 1, items: 4000, links: 12_000 });
    // The second file's chunks mix the first's items with new ones.
    const second = write('b.csv', 6000);
    const b = await core.services.datasets.import({ path: path.join(dir, 'b.csv'), name: 'a' });
    expect(stored(b.latest.id)).toEqual(second.map((r) => [JSON.stringify([r.x, `w${r.x}`]), r.label]));
    expect(counts(core)).toEqual({ datasets: 1, versions: 2, items: 6000, links: 24_000 });
    expect(core.services.db.pragma('foreign_key_check')).toEqual([]);
  });

  it('leaves nothing when a write fails after some runs went in', async () => {
    const dir = tempDir('cairn-runs-');
    process.env.CAIRN_IMPORT_RUN_CHARS = '50000';
    const core = open(path.join(dir, 'data'));
    const repo = core.services.datasets.repo;
    const writeRows = repo.writeRows.bind(repo);
    let calls = 0;
    // The third run meets a full disk, as SQLite would report it.
    repo.writeRows = async (...args) => {
      if (++calls === 3) throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
      return writeRows(...args);
    };
    await expect(core.services.datasets.import({ path: csv(dir, 'a.csv', 20_000), name: 'a' })).rejects.toThrow(/disk is full/);
    expect(calls).toBe(3);
    expect(counts(core)).toEqual({ datasets: 0, versions: 0, items: 0, links: 0 });
    expect(repo.list()).toEqual([]);
  });
});

describe('full item hashes', () => {
  it('are rebuilt from the stored rows and images: a version derived without changes hashes as its parent', async () => {
    const dir = tempDir('cairn-derive-');
    const core = open(path.join(dir, 'data'));
    for (const [file, name] of [
      ['iris.csv', 'iris'],
      ['digits-images', 'digits'],
    ]) {
      const parent = (await core.services.datasets.import({ path: dataset(file), name })).latest;
      // Only a recomputed hash equal to the parent's makes the derived version the parent itself.
      expect(await core.services.datasets.repo.deriveVersion(parent, new Map(), 'no changes')).toMatchObject({ id: parent.id, hash: parent.hash });
    }
  });
});

describe('migration 019', () => {
  it('keys the items of an older store by 12 bytes, keeping its versions found by content and their items shared', async () => {
    const dir = tempDir('cairn-019-');
    const dataDir = path.join(dir, 'data');
    const first = open(dataDir);
    const iris = await first.services.datasets.import({ path: dataset('iris.csv'), name: 'iris' });
    const images = await first.services.datasets.import({ path: dataset('digits-images'), name: 'digits' });
    first.close();
    cores.length = 0;

    // The store as an older Cairn left it: each item's full content hash in hex, migration 019 not applied.
    const old = new Database(path.join(dataDir, 'cairn.db'));
    const items = old.prepare('SELECT id, data, file_hash AS fileHash FROM items').all() as { id: number; data: string | null; fileHash: string | null }[];
    const hexOf = (i: (typeof items)[number]) => i.fileHash ?? crypto.createHash('sha256').update(i.data!).digest('hex');
    const setHash = old.prepare('UPDATE items SET hash = ? WHERE id = ?');
    old.transaction(() => items.forEach((i) => setHash.run(hexOf(i), i.id)))();
    old.prepare('DELETE FROM migrations WHERE id = 19').run();
    expect(old.prepare("SELECT COUNT(*) FROM items WHERE typeof(hash) = 'text' AND length(hash) = 64").pluck().get()).toBe(items.length);
    old.close();

    const core = open(dataDir);
    const keys = core.services.db.prepare('SELECT id, hash FROM items').all() as { id: number; hash: Buffer }[];
    expect(keys).toHaveLength(items.length);
    for (const k of keys) expect(k.hash.toString('hex')).toBe(hexOf(items.find((i) => i.id === k.id)!).slice(0, 24));

    // The same content is the same version; a changed file is a new version sharing the unchanged rows' items.
    expect((await core.services.datasets.import({ path: dataset('iris.csv'), name: 'iris' })).latest.id).toBe(iris.latest.id);
    expect((await core.services.datasets.import({ path: dataset('digits-images'), name: 'digits' })).latest.id).toBe(images.latest.id);
    const lines = fs.readFileSync(dataset('iris.csv'), 'utf8').trimEnd().split('\n');
    const changed = path.join(dir, 'iris2.csv');
    fs.writeFileSync(changed, [...lines.slice(0, -1), '9.9,9.9,9.9,9.9,virginica'].join('\n') + '\n');
    const before = core.services.db.prepare('SELECT COUNT(*) FROM items').pluck().get() as number;
    const v2 = await core.services.datasets.import({ path: changed, name: 'iris' });
    expect(v2.latest.version).toBe(2);
    expect(core.services.db.prepare('SELECT COUNT(*) FROM items').pluck().get()).toBe(before + 1);
    expect(core.services.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
