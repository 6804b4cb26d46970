import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliOn, cliProcess, dataset, tempDir } from '../helpers';

// A data folder on a small tmpfs, filled while a run trains. Mounting needs root (or
// CAP_SYS_ADMIN); elsewhere the test is skipped and says why.

const mountPoint = tempDir('cairn-full-');
const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=20m', 'tmpfs', mountPoint], { encoding: 'utf8' });
const mounted = mount.status === 0;
if (!mounted)
  console.warn(`disk-full test skipped: cannot mount a tmpfs at ${mountPoint} (${(mount.stderr || mount.error?.message || 'mount failed').trim()})`);
const dataDir = path.join(mountPoint, 'data');
const filler = path.join(mountPoint, 'filler');
const FULL = new RegExp(
  `^cairn: (run failed: )?The disk holding the data folder ${dataDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is full \\(\\d+ MB free\\)$`,
);

const cli = cliOn(() => dataDir);

function cairn(args: string[]) {
  const r = cli(args);
  return { ...r, lines: r.stderr.trim().split('\n') };
}

/** Writes until the disk refuses. */
function fillDisk(): void {
  const fd = fs.openSync(filler, 'a');
  const block = Buffer.alloc(256 * 1024);
  try {
    for (;;) fs.writeSync(fd, block);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    fs.closeSync(fd);
  }
}

afterAll(() => {
  if (mounted) spawnSync('umount', ['-l', mountPoint]);
});

describe.skipIf(!mounted)('a full disk under the data folder', () => {
  it('fails the training run with one line, refuses writes in one line, and still reads', async () => {
    expect(cairn(['datasets', 'import', dataset('iris.csv'), '--name', 'iris']).code).toBe(0);

    const train = cliProcess(dataDir, ['train', '--dataset', 'iris', '--epochs', '500', '--batch-size', '4', '--json']);
    let stdout = '';
    let stderr = '';
    train.stdout.on('data', (c) => (stdout += c));
    train.stderr.on('data', (c) => (stderr += c));
    const exited = new Promise<number | null>((resolve) => train.once('exit', resolve));
    // Fill the disk once the run has stored a checkpoint, in the middle of training.
    for (let i = 0; ; i++) {
      await new Promise((r) => setTimeout(r, 200));
      const conn = new Database(path.join(dataDir, 'cairn.db'), { readonly: true });
      const epoch = conn.prepare('SELECT checkpoint_epoch FROM runs').pluck().get() as number | null | undefined;
      conn.close();
      if (epoch) break;
      if (i > 300) throw new Error(`no checkpoint after 60 s: ${stderr}`);
    }
    fillDisk();

    expect(await exited).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr.trim()).toMatch(FULL);
    const runId = JSON.parse(stdout).runId as string;
    expect(JSON.parse(stdout).status).toBe('failed');

    // Reads work on the full disk (filled again: the failed run gave back its job folder).
    fillDisk();
    const list = cairn(['runs', 'list', '--json']);
    expect(list.code, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual([expect.objectContaining({ id: runId, status: 'failed' })]);
    const show = cairn(['runs', 'show', runId, '--json']);
    expect(show.code, show.stderr).toBe(0);
    expect(JSON.parse(show.stdout).error).toMatch(/^The disk holding the data folder .* is full/);
    expect(cairn(['datasets', 'list']).stdout).toMatch(/iris/);

    // Writes are refused in one line each, and leave nothing behind.
    for (const args of [
      ['datasets', 'import', dataset('wine.csv'), '--name', 'wine'],
      ['train', '--dataset', 'iris', '--epochs', '2'],
    ]) {
      const r = cairn(args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.lines, args.join(' ')).toHaveLength(1);
      expect(r.stderr.trim()).toMatch(FULL);
    }
    expect(fs.readdirSync(path.join(dataDir, 'jobs'))).toEqual([]);

    fs.rmSync(filler);
    const conn = new Database(path.join(dataDir, 'cairn.db'), { readonly: true });
    expect(conn.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(conn.prepare('SELECT COUNT(*) FROM runs').pluck().get()).toBe(1);
    expect(conn.prepare("SELECT COUNT(*) FROM datasets WHERE name = 'wine'").pluck().get()).toBe(0);
    conn.close();
  });
});
