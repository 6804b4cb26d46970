import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_FILTER_DEPTH } from '../../shared/runs/filter';
import { CLI, cliOn, dataset, tempDir } from '../helpers';

// The CLI as a user runs it: the data folder it leaves behind, what a closed pipe does to it,
// and one line (never a stack) for input it cannot take.

let dataDir: string;

const cairn = (args: string[], dir = dataDir) => cliOn(dir)(args);

const mode = (p: string) => fs.statSync(p).mode & 0o777;

beforeAll(() => {
  dataDir = path.join(tempDir('cairn-hardening-'), 'data');
  const r = cairn(['datasets', 'import', dataset('iris.csv'), '--name', 'iris']);
  expect(r.code, r.stderr).toBe(0);
  // Images land in the blob folder, beside the database.
  const images = tempDir('cairn-images-');
  for (const digit of ['3', '7']) {
    fs.mkdirSync(path.join(images, digit));
    for (const f of fs.readdirSync(dataset('digits-images', digit)).slice(0, 2))
      fs.copyFileSync(dataset('digits-images', digit, f), path.join(images, digit, f));
  }
  const img = cairn(['datasets', 'import', images, '--name', 'digits']);
  expect(img.code, img.stderr).toBe(0);
});

describe.skipIf(process.platform === 'win32')('the data folder', () => {
  it('is private to its user: the folder 0700 and every file Cairn made in it 0600', () => {
    expect(cairn(['token']).code).toBe(0);
    expect(mode(dataDir)).toBe(0o700);
    const files = fs.readdirSync(dataDir, { recursive: true, encoding: 'utf8' }).map((f) => path.join(dataDir, f));
    const plain = files.filter((f) => fs.statSync(f).isFile());
    expect(plain.map((f) => path.basename(f))).toEqual(expect.arrayContaining(['cairn.db', 'serve-token']));
    expect(plain.some((f) => f.includes(`${path.sep}files${path.sep}`))).toBe(true);
    for (const f of plain) expect([f, mode(f).toString(8)]).toEqual([f, '600']);
    for (const d of files.filter((f) => fs.statSync(f).isDirectory())) expect([d, mode(d).toString(8)]).toEqual([d, '700']);
  });

  it('is tightened when an older version left it readable by others', () => {
    const dir = path.join(tempDir('cairn-loose-'), 'data');
    expect(cairn(['datasets', 'list'], dir).code).toBe(0);
    fs.chmodSync(dir, 0o755);
    fs.chmodSync(path.join(dir, 'cairn.db'), 0o644);
    const r = cairn(['datasets', 'list'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(mode(dir)).toBe(0o700);
    expect(mode(path.join(dir, 'cairn.db'))).toBe(0o600);
  });

  it('leaves the mode of a folder it did not make (a project, a home) and makes only its own files private', () => {
    const dir = tempDir('cairn-project-');
    fs.chmodSync(dir, 0o755);
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'mine', { mode: 0o644 });
    const r = cairn(['datasets', 'list'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(mode(dir)).toBe(0o755);
    expect(mode(path.join(dir, 'notes.txt'))).toBe(0o644);
    expect(mode(path.join(dir, 'cairn.db'))).toBe(0o600);
  });
});

describe('the CLI on a closed pipe and on input it cannot take', () => {
  it('exits quietly, with 0, when the reader stops early (`| head -2`)', () => {
    // More JSON than a pipe holds, so the writes outlive head.
    const r = spawnSync('bash', ['-c', `set -o pipefail; node "${CLI}" --data-dir "${dataDir}" labels queue iris --limit 150 --json | head -2`], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.stdout.split('\n').slice(0, 2)).toEqual(['{', '  "total": 150,']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it.each([
    ['not × 2,000', 'not '.repeat(2000) + 'status = finished'],
    ['( × 4,000', '('.repeat(4000) + 'status = finished' + ')'.repeat(4000)],
  ])('answers a filter nested too deep (%s) in one line', (_name, filter) => {
    const r = cairn(['runs', 'list', '--filter', filter]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(`^cairn: Filter: The filter is nested deeper than ${MAX_FILTER_DEPTH} levels \\(parentheses and nots\\) at position \\d+\\n$`),
    );
  });

  it.each([
    [['serve', '--port', '99999'], /^cairn: --port expects 0 to 65535, got 99999\n$/],
    [['serve', '--port', '0', '--allow-path', '/no/such/folder'], /^cairn: --allow-path \/no\/such\/folder: no such folder\n$/],
    [['serve', '--port', '0', '--host', '256.1.1.1'], /^cairn: Cannot listen on 256\.1\.1\.1:0: .+\n$/],
  ])('refuses `cairn %s` in one line', (args, line) => {
    const r = cairn(args);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(line);
  });

  it('still takes a filter nested within the limit', () => {
    const r = cairn(['runs', 'list', '--filter', 'not '.repeat(MAX_FILTER_DEPTH - 1) + 'status = finished', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([]);
  });
});
