import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/core';
import { DatasetRepo } from '../../electron/core/datasets/dataset-repo';
import { cliOn, cliProcess, datasetCounts, impatientWriter, tempDir } from '../helpers';

// A large import goes into the store in short transactions under an unpublished version, then
// one transaction publishes it: other connections write between the chunks, readers see the
// version whole or not at all, and an import killed halfway leaves nothing the next open keeps.

const root = tempDir('cairn-publish-');

function csv(name: string, rows: number): string {
  const file = path.join(root, name);
  const lines = ['x,y,word,label'];
  for (let i = 0; i < rows; i++) lines.push(`${i},${(i * 31) % 977},w${i % 3000},c${i % 3}`);
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

const cores: Core[] = [];
afterAll(() => cores.forEach((c) => c.close()));

describe('publishing an import', () => {
  it('lets other writers in between chunks and never shows readers a half version', async () => {
    const N = 70_000;
    const dataDir = path.join(root, 'a');
    const core = new Core({ dataDir, transport: 'http' });
    cores.push(core);
    const file = csv('a.csv', N);
    const reader = new Database(path.join(dataDir, 'cairn.db'), { readonly: true });
    const readers = new DatasetRepo(reader);
    const other = await impatientWriter(path.join(dataDir, 'cairn.db'));

    const seen = { partial: 0, whole: 0, absent: 0 };
    const probe = setInterval(() => {
      const ds = readers.findByName('big');
      if (ds) {
        expect(ds.latest.rows).toBe(N);
        expect(reader.prepare('SELECT COUNT(*) FROM version_items WHERE version_id = ?').pluck().get(ds.latest.id)).toBe(N);
        seen.whole++;
      } else {
        expect(readers.list().map((d) => d.name)).not.toContain('big');
        seen.absent++;
      }
      const copied = reader
        .prepare('SELECT COUNT(*) FROM version_items vi JOIN dataset_versions v ON v.id = vi.version_id WHERE v.import_pid IS NOT NULL')
        .pluck()
        .get() as number;
      if (copied > 0 && copied < N) seen.partial++;
    }, 15);
    let meanwhile;
    try {
      const ds = await core.services.datasets.import({ path: file, name: 'big' });
      expect(ds).toMatchObject({ name: 'big', versionCount: 1, latest: { version: 1, rows: N } });
    } finally {
      clearInterval(probe);
      meanwhile = await other.stop();
    }
    // Rows in part were seen under the unpublished version, never as a dataset, and another process's writes went in meanwhile.
    expect(seen.partial).toBeGreaterThan(0);
    expect(seen.absent).toBeGreaterThan(0);
    expect(meanwhile.timeouts).toBe(0);
    expect(meanwhile.writes).toBeGreaterThan(3);
    expect(core.services.datasets.repo.versions(core.services.datasets.repo.findByName('big')!.id)).toHaveLength(1);
    reader.close();
  });

  it('commits labels on a large version in short transactions: other writers get in, readers see it whole or not at all', async () => {
    const N = 70_000;
    const dataDir = path.join(root, 'commit');
    const core = new Core({ dataDir, transport: 'http' });
    cores.push(core);
    const ds = await core.services.datasets.import({ path: csv('commit.csv', N), name: 'big' });
    const call = async (name: string, input: unknown) => {
      const r = await core.dispatch(name, input);
      if (!r.ok) throw new Error(r.error.message);
      return r.value as { entries: { itemId: number }[] } & { id: number; version: number; rows: number };
    };
    await call('labels.setSchema', { datasetId: ds.id, task: 'single', classes: [{ name: 'c0' }, { name: 'c1' }, { name: 'c2' }] });
    const page = await call('labels.queue', { datasetId: ds.id, filter: { kind: 'all' }, offset: N - 3, limit: 3 });
    await call('labels.save', { datasetId: ds.id, itemIds: page.entries.map((e) => e.itemId), value: { labels: ['c0'] }, labeler: 'ana' });

    const reader = new Database(path.join(dataDir, 'cairn.db'), { readonly: true });
    const readers = new DatasetRepo(reader);
    const other = await impatientWriter(path.join(dataDir, 'cairn.db'));
    const probe = setInterval(() => {
      const latest = readers.findByName('big')!.latest;
      expect(reader.prepare('SELECT COUNT(*) FROM version_items WHERE version_id = ?').pluck().get(latest.id)).toBe(N);
    }, 15);
    let committed;
    let meanwhile;
    try {
      committed = await call('labels.commit', { datasetId: ds.id });
    } finally {
      clearInterval(probe);
      meanwhile = await other.stop();
    }
    expect(committed).toMatchObject({ version: 2, rows: N });
    expect(meanwhile.timeouts).toBe(0);
    expect(meanwhile.writes).toBeGreaterThan(3);
    const last = core.services.datasets.repo.items(committed.id).slice(-3);
    expect(last.map((i) => i.label)).toEqual(['c0', 'c0', 'c0']);
    reader.close();
  });

  it('stops an import whose version another process swept as abandoned, with one message, leaving no rows', async () => {
    const dataDir = path.join(root, 'swept');
    const core = new Core({ dataDir, transport: 'http' });
    cores.push(core);
    const file = csv('swept.csv', 150_000);
    const other = new Database(path.join(dataDir, 'cairn.db'));
    other.pragma('busy_timeout = 2000');
    // As an opener in another PID namespace would: the importer's process id looks dead from there.
    const sweep = new DatasetRepo(other);
    let swept = 0;
    const probe = setInterval(() => {
      if (!swept && (other.prepare('SELECT COUNT(*) FROM items').pluck().get() as number) > 0) swept = sweep.sweepUnpublished(() => false);
    }, 10);
    try {
      await expect(core.services.datasets.import({ path: file, name: 'swept' })).rejects.toThrow(/removed this import as abandoned.*import again/);
    } finally {
      clearInterval(probe);
    }
    expect(swept).toBe(1);
    expect(datasetCounts(other)).toEqual({ datasets: 0, versions: 0, items: 0, links: 0 });
    expect(other.pragma('foreign_key_check')).toEqual([]);
    // The core's connection checks foreign keys again after the import.
    expect(core.services.db.pragma('foreign_keys', { simple: true })).toBe(1);
    other.close();
  });

  it('sweeps the unpublished version of an import killed halfway at the next open', async () => {
    const dataDir = path.join(root, 'b');
    const file = csv('b.csv', 150_000);
    const child = cliProcess(dataDir, ['datasets', 'import', file, '--name', 'big'], { stdio: 'ignore' });
    const dbFile = path.join(dataDir, 'cairn.db');
    for (let i = 0; ; i++) {
      await new Promise((r) => setTimeout(r, 50));
      if (i > 2400) throw new Error('the import never started copying');
      let copied = 0;
      try {
        const conn = new Database(dbFile, { readonly: true, fileMustExist: true });
        copied = conn
          .prepare('SELECT COUNT(*) FROM version_items vi JOIN dataset_versions v ON v.id = vi.version_id WHERE v.import_pid IS NOT NULL')
          .pluck()
          .get() as number;
        conn.close();
      } catch {
        continue; // Not created or not migrated yet.
      }
      if (copied > 0) break;
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    const list = cliOn(dataDir)(['datasets', 'list', '--json']);
    expect(list.code, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual([]);
    const conn = new Database(dbFile, { readonly: true });
    expect(conn.prepare('SELECT COUNT(*) FROM dataset_versions').pluck().get()).toBe(0);
    expect(conn.prepare('SELECT COUNT(*) FROM version_items').pluck().get()).toBe(0);
    expect(conn.prepare('SELECT COUNT(*) FROM items').pluck().get()).toBe(0);
    expect(conn.prepare('SELECT COUNT(*) FROM datasets').pluck().get()).toBe(0);
    expect(conn.pragma('integrity_check', { simple: true })).toBe('ok');
    conn.close();
  });
});
