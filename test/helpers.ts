import {
  spawn,
  spawnSync,
  type ChildProcess,
  type ChildProcessByStdio,
  type ChildProcessWithoutNullStreams,
  type SpawnOptions,
  type SpawnOptionsWithStdioTuple,
  type SpawnOptionsWithoutStdio,
  type StdioNull,
  type StdioPipe,
} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Database } from 'better-sqlite3';
import type { Readable } from 'node:stream';

export const REPO_ROOT = path.resolve(__dirname, '..');
const SAMPLES = path.join(REPO_ROOT, 'resources', 'samples');
const TEST_DATA = path.join(REPO_ROOT, 'test', 'fixtures', 'datasets');

/**
 * A public dataset in the repo: the app's shipped samples first, then the test-only files
 * (Adult). Tests never read outside the checkout, so a bare clone runs them all.
 */
export function dataset(file: string, ...rest: string[]): string {
  const root = fs.existsSync(path.join(SAMPLES, file)) ? SAMPLES : TEST_DATA;
  return path.join(root, file, ...rest);
}
export const CLI = path.join(REPO_ROOT, 'bin', 'cairn.js');

/** Adult (test/fixtures/datasets/adult.csv.gz) as its lines, the header first; it has no quoted fields, so a line splits on commas. */
export function adultLines(): string[] {
  return zlib
    .gunzipSync(fs.readFileSync(dataset('adult.csv.gz')))
    .toString('utf8')
    .trimEnd()
    .split(/\r?\n/);
}

/** Adult's header and its first `limit` rows of people older than `age`: a sudden shift in the population. */
export function adultOlderThan(age: number, limit: number): string[] {
  const [header, ...rows] = adultLines();
  return [header, ...rows.filter((l) => Number(l.split(',')[0]) > age).slice(0, limit)];
}

export function rowCount(db: Database, table: string): number {
  return db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
}

/** How many rows each table of the datasets feature holds: what an import adds, or a refused one must leave as it was. */
export function datasetCounts(db: Database): { datasets: number; versions: number; items: number; links: number } {
  const q = (t: string) => rowCount(db, t);
  return { datasets: q('datasets'), versions: q('dataset_versions'), items: q('items'), links: q('version_items') };
}

/** What an impatientWriter did: writes that got the lock, and writes that gave up waiting for it. */
export interface ImpatientWrites {
  writes: number;
  timeouts: number;
}

const IMPATIENT_WRITER = `
const Database = require(process.argv[1]);
const db = new Database(process.argv[2]);
db.pragma('busy_timeout = 250');
const insert = db.prepare('INSERT INTO experiments (name, created_at) VALUES (?, ?)');
const done = { writes: 0, timeouts: 0 };
const write = () => {
  try {
    insert.run('impatient-' + process.pid + '-' + done.writes, Date.now());
    done.writes++;
  } catch (err) {
    if (err.code !== 'SQLITE_BUSY') throw err;
    done.timeouts++;
  }
};
write();
process.stdout.write('ready\\n');
const timer = setInterval(write, 15);
process.stdin.on('end', () => {
  clearInterval(timer);
  db.close();
  process.stdout.write(JSON.stringify(done) + '\\n');
});
process.stdin.resume();
`;

/**
 * Another process writing to the store as a labeler saving or a trainer starting does: every
 * 15 ms, each write waiting at most 250 ms for the lock. A bulk write that holds the lock longer
 * shows as timeouts. (A probe in the test's own process cannot tell: it runs only when the event
 * loop is free, which a synchronous transaction never leaves it.) Resolves once it has written.
 */
export async function impatientWriter(dbFile: string): Promise<{ stop(): Promise<ImpatientWrites> }> {
  const child = spawn(process.execPath, ['-e', IMPATIENT_WRITER, require.resolve('better-sqlite3'), dbFile], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8');
  const ended = new Promise<ImpatientWrites>((resolve, reject) => {
    child.stdout.on('data', (d: string) => (out += d));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(JSON.parse(out.split('\n')[1]) as ImpatientWrites) : reject(new Error(`impatient writer exited ${code}: ${out}`)),
    );
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', () => out.includes('ready\n') && resolve());
    ended.catch(reject);
  });
  return {
    stop: () => {
      child.stdin.end();
      return ended;
    },
  };
}

export function tempDir(prefix = 'cairn-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout parsed, for `--json` commands. */
  json(): any;
}

/**
 * `cairn` on a data folder, run to its end: the folder as a string, or read at each call when a
 * `beforeAll` makes it; `env` adds to this process's environment for one call. Output buffers are
 * large enough for a pipeline run's JSON.
 */
export function cliOn(dataDir: string | (() => string), timeout = 120_000): (args: string[], env?: Record<string, string>) => CliResult {
  return (args, env = {}) => {
    const dir = typeof dataDir === 'string' ? dataDir : dataDir();
    const r = spawnSync(process.execPath, [CLI, '--data-dir', dir, ...args], {
      encoding: 'utf8',
      timeout,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, ...env },
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr, json: () => JSON.parse(r.stdout) };
  };
}

/**
 * `cairn` on a data folder as a child process, for a test that acts while it runs: signals it,
 * answers its webhooks, reads its output as it comes. Typed as `spawn` types the same options.
 */
export function cliProcess(
  dataDir: string,
  args: string[],
  options: SpawnOptionsWithStdioTuple<StdioNull, StdioPipe, StdioPipe>,
): ChildProcessByStdio<null, Readable, Readable>;
export function cliProcess(
  dataDir: string,
  args: string[],
  options: SpawnOptionsWithStdioTuple<StdioNull, StdioPipe, StdioNull>,
): ChildProcessByStdio<null, Readable, null>;
export function cliProcess(dataDir: string, args: string[], options?: SpawnOptionsWithoutStdio): ChildProcessWithoutNullStreams;
export function cliProcess(dataDir: string, args: string[], options: SpawnOptions): ChildProcess;
export function cliProcess(dataDir: string, args: string[], options: SpawnOptions = {}): ChildProcess {
  return spawn(process.execPath, [CLI, '--data-dir', dataDir, ...args], options);
}
