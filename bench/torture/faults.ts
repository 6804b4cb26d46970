import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import yauzl from 'yauzl';

// Crash testing: a `cairn` command is killed with SIGKILL at a random moment (as a power cut or
// the OOM killer would), then the next command opens the same data folder and the store is
// checked the way a user would need it: not corrupt, no half dataset, no run or sweep left
// pretending to run, no worker training for nobody, no stray files, and resume still works.
// Shared by the integration test (a few trials) and `npm run torture` (many).

export type FaultKind = 'import' | 'train' | 'export' | 'sweep';
export const FAULT_KINDS: FaultKind[] = ['import', 'train', 'export', 'sweep'];
/** How long each command runs here once under way, roughly: kills are drawn within it. */
export const KILL_WINDOW_MS: Record<FaultKind, number> = { import: 4000, train: 3000, export: 1200, sweep: 4000 };

export interface FaultTrial {
  kind: FaultKind;
  killAfterMs: number;
  /** The command ended by itself before the kill landed. */
  finishedFirst: boolean;
  /** What a user would find wrong afterwards; empty when the fault was survived. */
  problems: string[];
}

const ROOT = findRoot(__dirname);
const CLI = path.join(ROOT, 'bin', 'cairn.js');
const IRIS = path.join(ROOT, 'resources', 'samples', 'iris.csv');

function findRoot(dir: string): string {
  return fs.existsSync(path.join(dir, 'package.json')) ? dir : findRoot(path.dirname(dir));
}

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** One data folder that trials keep crashing into, so damage from one would show in the next. */
export class FaultBench {
  readonly dataDir: string;
  private readonly work: string;
  private baseRunId = '';
  private trialCount = 0;

  constructor(workDir: string) {
    this.work = workDir;
    this.dataDir = path.join(workDir, 'data');
  }

  /** Iris imported, one short finished run to export, a table big enough that its import takes a while. */
  setup(rows = 60_000): void {
    this.cliOk(['datasets', 'import', IRIS, '--name', 'iris', '--json']);
    const run = JSON.parse(this.cliOk(['train', '--dataset', 'iris', '--epochs', '2', '--engine', 'cpu', '--json']).stdout) as { runId: string };
    this.baseRunId = run.runId;
    writeTable(path.join(this.work, 'table.csv'), rows);
    fs.writeFileSync(
      path.join(this.work, 'sweep.json'),
      JSON.stringify({
        name: 'fault-sweep',
        dataset: 'iris',
        method: 'grid',
        base: { epochs: 15, batchSize: 4, engine: 'cpu' },
        space: { learningRate: { values: [0.01, 0.02, 0.05] } },
        parallel: 1,
        metric: 'val_loss',
        goal: 'minimize',
      }),
    );
  }

  /**
   * Starts the command, kills it (and only it: its workers are left to notice) `killAfterMs` after
   * it got under way: started, or for training and sweeps, once one of its runs is running.
   */
  async trial(kind: FaultKind, killAfterMs: number): Promise<FaultTrial> {
    const n = ++this.trialCount;
    const out = path.join(this.work, `bundle-${n}.zip`);
    const args: Record<FaultKind, string[]> = {
      import: ['datasets', 'import', path.join(this.work, 'table.csv'), '--name', `table-${n}`, '--json'],
      train: ['train', '--dataset', 'iris', '--epochs', '40', '--batch-size', '4', '--engine', 'cpu', '--json'],
      export: ['export', this.baseRunId, '--out', out, '--json'],
      sweep: ['sweep', path.join(this.work, 'sweep.json'), '--json'],
    };
    const child = spawn(process.execPath, [CLI, ...args[kind], '--data-dir', this.dataDir], { stdio: 'ignore' });
    let done = false;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve())).then(() => (done = true));
    if (kind === 'train' || kind === 'sweep') await this.runningUnder(child.pid!, () => done);
    const finishedFirst = await Promise.race([exited.then(() => true), sleep(killAfterMs).then(() => false)]);
    const workers = finishedFirst ? [] : childPids(child.pid!);
    if (!finishedFirst) child.kill('SIGKILL');
    await exited;

    const problems: string[] = [];
    const orphans = await survivors(workers, 10_000);
    if (orphans.length) {
      problems.push(`worker process ${orphans.join(', ')} kept running after the command died`);
      orphans.forEach((pid) => tryKill(pid));
    }
    // The next command on the folder: it must open it and tidy what the dead one left.
    const list = this.cli(['runs', 'list', '--json']);
    if (list.code !== 0) problems.push(`runs list failed after the crash: ${firstLine(list.stderr)}`);
    problems.push(...this.storeProblems());
    if (kind === 'export') problems.push(...(await bundleProblems(out)));
    if (kind === 'train' || kind === 'sweep') problems.push(...this.resumeProblems());
    return { kind, killAfterMs, finishedFirst, problems };
  }

  private async runningUnder(pid: number, ended: () => boolean): Promise<void> {
    const file = path.join(this.dataDir, 'cairn.db');
    const deadline = Date.now() + 120_000;
    while (!ended() && Date.now() < deadline) {
      if (fs.existsSync(file)) {
        const db = new Database(file, { readonly: true });
        try {
          if (db.prepare("SELECT 1 FROM runs WHERE owner_pid = ? AND status = 'running'").get(pid)) return;
        } finally {
          db.close();
        }
      }
      await sleep(50);
    }
  }

  /** Everything a reopened store must hold true, whatever was killed. */
  storeProblems(): string[] {
    const problems: string[] = [];
    const db = new Database(path.join(this.dataDir, 'cairn.db'), { readonly: true, fileMustExist: true });
    try {
      const integrity = db.pragma('integrity_check', { simple: true });
      if (integrity !== 'ok') problems.push(`integrity_check: ${String(integrity)}`);
      const fk = db.pragma('foreign_key_check') as unknown[];
      if (fk.length) problems.push(`${fk.length} rows break foreign keys`);
      const half = db
        .prepare('SELECT v.id, v.row_count AS want, (SELECT COUNT(*) FROM version_items i WHERE i.version_id = v.id) AS got FROM dataset_versions v')
        .all() as { id: number; want: number; got: number }[];
      for (const v of half.filter((h) => h.want !== h.got)) problems.push(`dataset version ${v.id} holds ${v.got} of its ${v.want} rows`);
      const live = db.prepare("SELECT id, status FROM runs WHERE status IN ('queued', 'running')").all() as { id: string; status: string }[];
      for (const r of live) problems.push(`run ${r.id} still ${r.status} with no process behind it`);
      const sweeps = db.prepare("SELECT id FROM sweeps WHERE status = 'running'").all() as { id: number }[];
      for (const s of sweeps) problems.push(`sweep ${s.id} still running with no process behind it`);
    } finally {
      db.close();
    }
    const jobs = path.join(this.dataDir, 'jobs');
    const leftJobs = fs.existsSync(jobs) ? fs.readdirSync(jobs) : [];
    if (leftJobs.length) problems.push(`job folders left behind: ${leftJobs.join(', ')}`);
    return problems;
  }

  /** The newest interrupted run with a checkpoint resumes to the end. */
  private resumeProblems(): string[] {
    const db = new Database(path.join(this.dataDir, 'cairn.db'), { readonly: true });
    const interrupted = db
      .prepare("SELECT id FROM runs WHERE status = 'interrupted' AND checkpoint_epoch IS NOT NULL ORDER BY created_at DESC, rowid DESC")
      .all() as { id: string }[];
    db.close();
    const problems: string[] = [];
    for (const { id } of interrupted.slice(0, 1)) {
      const r = this.cli(['resume', id, '--json']);
      if (r.code !== 0) problems.push(`resume ${id} failed: ${firstLine(r.stderr)}`);
      else if ((JSON.parse(r.stdout) as { status: string }).status !== 'finished') problems.push(`resume ${id} did not finish`);
    }
    return problems;
  }

  cli(args: string[]): CliResult {
    const r = spawnSync(process.execPath, [CLI, ...args, '--data-dir', this.dataDir], { encoding: 'utf8', timeout: 300_000 });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  private cliOk(args: string[]): CliResult {
    const r = this.cli(args);
    if (r.code !== 0) throw new Error(`cairn ${args.join(' ')} failed: ${r.stderr}`);
    return r;
  }
}

/** A bundle is either absent or whole (every entry readable), and no temporary file is left beside it. */
async function bundleProblems(out: string): Promise<string[]> {
  const problems: string[] = [];
  const dir = path.dirname(out);
  const temps = fs.readdirSync(dir).filter((f) => f.startsWith(path.basename(out)) && f !== path.basename(out));
  if (temps.length) problems.push(`export left ${temps.join(', ')}`);
  if (fs.existsSync(out)) {
    const error = await readWholeZip(out);
    if (error) problems.push(`export left a broken ${path.basename(out)}: ${error}`);
  }
  return problems;
}

function readWholeZip(file: string): Promise<string | null> {
  return new Promise((resolve) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return resolve(err?.message ?? 'unreadable');
      zip.on('error', (e: Error) => resolve(e.message));
      zip.on('end', () => resolve(null));
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return resolve(e?.message ?? 'unreadable entry');
          stream.on('error', (se: Error) => resolve(se.message));
          stream.on('end', () => zip.readEntry());
          stream.resume();
        });
      });
      zip.readEntry();
    });
  });
}

function writeTable(file: string, rows: number): void {
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, 'a,b,c,d,e,f,label\n');
  const lines: string[] = [];
  for (let i = 0; i < rows; i++) {
    lines.push(`${i},${(i * 7919) % 1000},${(i * 0.37).toFixed(3)},${i % 13},x${i % 97},${Math.sin(i).toFixed(6)},${i % 3 === 0 ? 'yes' : 'no'}`);
    if (lines.length === 10_000) fs.writeSync(fd, `${lines.splice(0).join('\n')}\n`);
  }
  if (lines.length) fs.writeSync(fd, `${lines.join('\n')}\n`);
  fs.closeSync(fd);
}

/** Children of a process, read from /proc (Linux); elsewhere none are known and none are checked. */
function childPids(pid: number): number[] {
  const dir = `/proc/${pid}/task`;
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).flatMap((t) => {
    try {
      return fs
        .readFileSync(path.join(dir, t, 'children'), 'utf8')
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map(Number);
    } catch {
      return [];
    }
  });
}

async function survivors(pids: number[], waitMs: number): Promise<number[]> {
  const deadline = Date.now() + waitMs;
  let alive = pids.filter(isAlive);
  while (alive.length && Date.now() < deadline) {
    await sleep(100);
    alive = alive.filter(isAlive);
  }
  return alive;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    // A zombie has exited; only its parent (dead here) would reap it.
    return !/^\S+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

function tryKill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
