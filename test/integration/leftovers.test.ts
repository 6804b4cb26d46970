import Database from 'better-sqlite3';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliOn, cliProcess, tempDir } from '../helpers';

let dataDir: string;
let work: string;

const cairn = cliOn(() => dataDir, 170_000);

/** Starts a command and kills it with SIGKILL as soon as `ready` holds, as a crash or the OOM killer would. */
async function killWhen(args: string[], ready: () => boolean): Promise<void> {
  const child = cliProcess(dataDir, args, { stdio: 'ignore' });
  let exited = false;
  const exit = new Promise<void>((resolve) => child.on('exit', () => ((exited = true), resolve())));
  const started = Date.now();
  while (!ready()) {
    if (exited) throw new Error(`${args.join(' ')} finished before it could be killed`);
    if (Date.now() - started > 120_000) throw new Error(`${args.join(' ')} never got ready`);
    await new Promise((r) => setTimeout(r, 5));
  }
  child.kill('SIGKILL');
  await exit;
}

const tmp = () => path.join(dataDir, 'tmp');
const list = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir) : []);
/** Stored blobs on disk, by hash. */
const blobs = () => list(path.join(dataDir, 'files')).flatMap((d) => list(path.join(dataDir, 'files', d)));

async function noiseImages(dir: string, perClass: number): Promise<void> {
  for (const cls of ['a', 'b']) {
    fs.mkdirSync(path.join(dir, cls), { recursive: true });
    for (let i = 0; i < perClass; i++) {
      await sharp(crypto.randomBytes(24 * 24 * 3), { raw: { width: 24, height: 24, channels: 3 } })
        .png()
        .toFile(path.join(dir, cls, `${i}.png`));
    }
  }
}

beforeAll(async () => {
  dataDir = tempDir('cairn-leftovers-');
  work = tempDir('cairn-leftovers-work-');
  await noiseImages(path.join(work, 'many'), 600);
  await noiseImages(path.join(work, 'few'), 2);
  const rows = Array.from({ length: 150_000 }, (_, i) => `${i},${(i * 7919) % 1000},text ${i % 97} ${crypto.randomBytes(6).toString('hex')},${i % 3}`);
  fs.writeFileSync(path.join(work, 'big.csv'), `id,x,t,label\n${rows.join('\n')}\n`);
}, 120_000);

describe('leftovers of killed commands', () => {
  it('a killed image import leaves blobs and its journal; the next command removes them and cairn gc reports the bytes', async () => {
    // The journal names a blob before the blob lands: killed on 50 journal lines, 49 blobs could be there.
    await killWhen(['datasets', 'import', path.join(work, 'many'), '--name', 'many'], () => blobs().length >= 50);
    const orphaned = blobs().length;
    expect(orphaned).toBeGreaterThanOrEqual(50);
    expect(list(tmp()).some((n) => n.startsWith('blobs-'))).toBe(true);

    const r = cairn(['gc', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = r.json();
    // Released at start-up, from the dead import's journal, with no wait for --min-age.
    expect(report.atOpen.count).toBeGreaterThanOrEqual(orphaned);
    expect(report.atOpen.bytes).toBeGreaterThan(orphaned * 100);
    expect(report.bytesFreed).toBeGreaterThanOrEqual(report.atOpen.bytes);
    expect(blobs()).toEqual([]);
    expect(list(tmp())).toEqual([]);
    expect(cairn(['datasets', 'list', '--json']).json()).toEqual([]);
  }, 180_000);

  it('a killed table import leaves an unpublished version, removed with its rows when the next command starts', async () => {
    // Read while the import writes: a store still being created reads as empty.
    const rows = (sql: string) => {
      let db: Database.Database | undefined;
      try {
        db = new Database(path.join(dataDir, 'cairn.db'), { readonly: true, fileMustExist: true });
        return db.prepare(sql).pluck().get() as number;
      } catch {
        return 0;
      } finally {
        db?.close();
      }
    };
    const unpublished = () => fs.existsSync(path.join(dataDir, 'cairn.db')) && rows('SELECT COUNT(*) FROM dataset_versions WHERE import_pid IS NOT NULL') > 0;
    await killWhen(['datasets', 'import', path.join(work, 'big.csv'), '--name', 'big'], () => unpublished() && rows('SELECT COUNT(*) FROM items') > 0);
    expect(unpublished()).toBe(true);
    expect(cairn(['datasets', 'list', '--json']).json()).toEqual([]);
    expect(rows('SELECT COUNT(*) FROM dataset_versions')).toBe(0);
    expect(rows('SELECT COUNT(*) FROM items')).toBe(0);
    expect(rows('SELECT COUNT(*) FROM version_items')).toBe(0);
    expect(list(tmp())).toEqual([]);
  }, 180_000);

  it('a killed export leaves <out>.<pid>.tmp beside the output, removed when the next command starts', async () => {
    const imported = cairn(['datasets', 'import', path.join(work, 'big.csv'), '--name', 'big', '--json']);
    expect(imported.code, imported.stderr).toBe(0);
    const out = path.join(work, 'exported.csv');
    const partial = () => list(work).filter((n) => /^exported\.csv\.\d+\.tmp$/.test(n));
    await killWhen(['datasets', 'export', 'big', '--format', 'csv', '--out', out], () => partial().length > 0);
    expect(partial()).toHaveLength(1);
    expect(fs.existsSync(out)).toBe(false);
    expect(cairn(['datasets', 'list', '--json']).code).toBe(0);
    expect(partial()).toEqual([]);
    expect(list(tmp())).toEqual([]);
  }, 180_000);
});

describe('cairn gc', () => {
  it('removes unreferenced files past --min-age with their rows and thumbnails and dead temp files; keeps young and referenced ones; --dry-run removes nothing', () => {
    expect(cairn(['datasets', 'import', path.join(work, 'few'), '--name', 'few', '--json']).code).toBe(0);
    const referenced = blobs();
    expect(referenced).toHaveLength(4);
    const plant = (data: Buffer, ageMs: number, row: boolean) => {
      const hash = crypto.createHash('sha256').update(data).digest('hex');
      const file = path.join(dataDir, 'files', hash.slice(0, 2), hash);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, data);
      const when = new Date(Date.now() - ageMs);
      fs.utimesSync(file, when, when);
      if (row) {
        const db = new Database(path.join(dataDir, 'cairn.db'));
        db.prepare('INSERT INTO files (hash, size, created_at) VALUES (?, ?, ?)').run(hash, data.length, when.getTime());
        db.close();
      }
      return hash;
    };
    const hour = 3600_000;
    const oldLoose = plant(Buffer.alloc(1000, 1), 2 * hour, false);
    plant(Buffer.alloc(3000, 2), 2 * hour, true);
    const young = plant(Buffer.alloc(500, 3), 60_000, false);
    // Copied by an import still running in another process (this test runner), not yet recorded.
    const journaled = plant(Buffer.alloc(700, 4), 2 * hour, false);
    const journal = path.join(tmp(), `blobs-${process.pid}-0123456789abcdef.txt`);
    fs.mkdirSync(tmp(), { recursive: true });
    fs.writeFileSync(journal, `${journaled}\n`);
    const thumb = path.join(dataDir, 'thumbs', '128', oldLoose.slice(0, 2), `${oldLoose}.webp`);
    fs.mkdirSync(path.dirname(thumb), { recursive: true });
    fs.writeFileSync(thumb, Buffer.alloc(200));
    const deadTemp = path.join(dataDir, 'files', referenced[0].slice(0, 2), `${referenced[0]}.4000001.tmp`);
    fs.writeFileSync(deadTemp, Buffer.alloc(50));
    const rowCount = () => {
      const db = new Database(path.join(dataDir, 'cairn.db'), { readonly: true });
      const n = db.prepare('SELECT COUNT(*) FROM files').pluck().get() as number;
      db.close();
      return n;
    };
    const rowsBefore = rowCount();

    const dry = cairn(['gc', '--dry-run', '--json']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.json()).toMatchObject({
      dryRun: true,
      blobs: { count: 2, bytes: 4000 },
      rows: 1,
      thumbnails: { count: 1, bytes: 200 },
      temp: { count: 1, bytes: 50 },
      kept: { count: 2, bytes: 1200 },
      bytesFreed: 4250,
    });
    expect(blobs()).toHaveLength(9);
    expect(rowCount()).toBe(rowsBefore);

    const r = cairn(['gc']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Freed 4\.15 KiB: 2 unreferenced files \(3\.91 KiB\), 1 file record, 1 thumbnail \(200 bytes\), 1 temp file \(50 bytes\)/);
    expect(r.stdout).toMatch(/Kept 2 unreferenced files \(1\.17 KiB\) younger than 60 minutes or named by a running import/);
    expect(blobs().sort()).toEqual([...referenced, young, journaled].sort());
    expect(fs.existsSync(thumb)).toBe(false);
    expect(rowCount()).toBe(rowsBefore - 1);
    expect(cairn(['gc', '--min-age', '0', '--json']).json()).toMatchObject({ blobs: { count: 1, bytes: 500 }, kept: { count: 1, bytes: 700 } });
    fs.rmSync(journal);
    expect(cairn(['gc', '--min-age', '0', '--json']).json()).toMatchObject({ blobs: { count: 1, bytes: 700 }, kept: { count: 0 } });
    expect(blobs().sort()).toEqual([...referenced].sort());
    const quality = cairn(['datasets', 'quality', 'few', '--json']);
    expect(quality.code, quality.stderr).toBe(0);
    expect(cairn(['gc', '--min-age', 'soon']).stderr).toBe('cairn: --min-age expects a number, got "soon"\n');
  }, 180_000);
});
