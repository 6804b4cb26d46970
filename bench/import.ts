import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import seedrandom from 'seedrandom';
import { Core } from '../electron/core/core';

export interface ImportFigures {
  rows: number;
  megabytes: number;
  importMs: number;
  rowsPerSec: number;
  /** Peak resident memory of the process that imported (the kernel's high-water mark). */
  peakRssMb: number;
  /** Bytes the importing process sent to the disk (/proc/self/io write_bytes; null off Linux), and the data folder's size after. */
  writtenBytes: number | null;
  dataDirBytes: number;
  csvBytes: number;
  /** pandas.read_csv on the same file, timed inside python, or why it was not run. */
  pandas: { ms: number; version: string } | { why: string };
  baselineMs: number;
  baselinePeakRssMb: number;
  /** A process that loads the same modules and does nothing: what the peaks above start from. */
  idlePeakRssMb: number;
  /** One epoch of a small MLP on the imported million rows: wall time and the worker's peak RSS. */
  training: { ms: number; workerPeakRssMb: number; trainRows: number };
  /** `models.predict` of that run on the whole CSV, written to a CSV, in a process of its own. */
  predict: { ms: number; peakRssMb: number };
  /** Labeling on the imported million rows: ms per call, median of a few; a split, a label commit, a quality report and the trained run's suggestions for every item, once each. */
  atScale: {
    queuePageMs: number;
    filteredPageMs: number;
    saveMs: number;
    statusMs: number;
    splitMs: number;
    commitMs: number;
    qualityMs: number;
    suggestMs: number;
  };
}

const ROWS = 1_000_000;
const CATEGORIES = ['red', 'green', 'blue', 'cyan', 'magenta', 'yellow', 'black', 'white'];

/**
 * A 1,000,000-row CSV (10 numeric, 1 categorical, label) imported through the core, streamed
 * into the store; the baselines are pandas' read_csv (the goal is measured against it) and what
 * the import replaced, reading the whole file and parsing it into arrays with papaparse (no
 * types, no hashing, no store). Each phase runs in a process of its own, whose peak RSS the
 * kernel reports exactly (a sampler in the same process can't run during synchronous work).
 */
export async function benchImport(dir: string): Promise<ImportFigures> {
  const file = path.join(dir, 'import-1m.csv');
  writeCsv(file);
  const csvBytes = fs.statSync(file).size;
  const megabytes = csvBytes / 1024 ** 2;

  const dataDir = path.join(dir, 'import-data');
  const idle = phase(['idle']);
  const imported = phase(['import', file, dataDir]);
  if (imported.rows !== ROWS) throw new Error(`imported ${imported.rows} rows, expected ${ROWS}`);
  // Before the calls below add their rows (a second version, a million suggestions).
  const dataDirBytes = folderBytes(dataDir);
  const baseline = phase(['baseline', file]);
  const pandas = pandasReadCsv(file);
  const core = new Core({ dataDir, transport: 'http' });
  const { runId, ...training } = await trainEpoch(core, imported.datasetId!);
  const predicted = phase(['predict', file, dataDir, runId]);
  if (predicted.rows !== ROWS) throw new Error(`predicted ${predicted.rows} rows, expected ${ROWS}`);
  const atScale = await labelingAtScale(core, imported.datasetId!, runId);
  core.close();
  fs.rmSync(file);
  return {
    rows: ROWS,
    megabytes,
    importMs: imported.ms,
    rowsPerSec: ROWS / (imported.ms / 1000),
    peakRssMb: imported.peakRssMb,
    writtenBytes: imported.writtenBytes ?? null,
    dataDirBytes,
    csvBytes,
    pandas,
    baselineMs: baseline.ms,
    baselinePeakRssMb: baseline.peakRssMb,
    idlePeakRssMb: idle.peakRssMb,
    training,
    predict: { ms: predicted.ms, peakRssMb: predicted.peakRssMb },
    atScale,
  };
}

/**
 * The table is read by the worker from the core's NDJSON in passes, holding only encoded floats;
 * its peak RSS is the kernel's high-water mark, logged by the worker as system/peak_memory_mb.
 */
async function trainEpoch(core: Core, datasetId: number): Promise<ImportFigures['training'] & { runId: string }> {
  const t = performance.now();
  const started = await core.dispatch('runs.start', {
    datasetId,
    datasetVersion: 1,
    name: 'bench-1m-epoch',
    config: { model: 'mlp', epochs: 1, batchSize: 256, engine: 'wasm', mlp: { hiddenUnits: [64, 32] } },
  });
  if (!started.ok) throw new Error(`runs.start: ${started.error.message}`);
  const runId = (started.value as { id: string }).id;
  const run = await core.services.training.wait(runId);
  if (run.status !== 'finished') throw new Error(`the 1M-row run ended ${run.status}: ${core.services.runs.detail(runId).error ?? ''}`);
  const ms = performance.now() - t;
  const peak = core.services.db.prepare("SELECT MAX(value) FROM metrics WHERE run_id = ? AND key = 'system/peak_memory_mb'").pluck().get(runId) as
    number | null;
  const trainRows = core.services.db.prepare('SELECT train_rows FROM run_training_rows WHERE run_id = ?').pluck().get(runId) as number;
  return { ms, workerPeakRssMb: peak ?? NaN, trainRows, runId };
}

/** What a labeler waits for on a million-row dataset: a queue page deep in the data, a filtered page, a save, the status. */
async function labelingAtScale(core: Core, datasetId: number, runId: string): Promise<ImportFigures['atScale']> {
  const call = async (name: string, input: unknown): Promise<{ ms: number; value: unknown }> => {
    const t = performance.now();
    const r = await core.dispatch(name, input);
    if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
    return { ms: performance.now() - t, value: r.value };
  };
  const median = async (name: string, input: () => unknown): Promise<number> => {
    const times: number[] = [];
    for (let i = 0; i < 7; i++) times.push((await call(name, input())).ms);
    return times.sort((a, b) => a - b)[3];
  };
  const page = (await call('labels.queue', { datasetId, filter: { kind: 'all' }, limit: 7 })).value as { entries: { itemId: number }[] };
  let i = 0;
  const figures = {
    queuePageMs: await median('labels.queue', () => ({ datasetId, filter: { kind: 'all' }, offset: 500_000, limit: 50 })),
    filteredPageMs: await median('labels.queue', () => ({ datasetId, filter: { kind: 'label', label: 'c3' }, offset: 1000, limit: 50 })),
    saveMs: await median('labels.save', () => ({ datasetId, itemIds: [page.entries[i++].itemId], value: { labels: ['c1'] }, labeler: 'bench' })),
    statusMs: await median('labels.status', () => ({ datasetId })),
  };
  const splitMs = (await call('datasets.split', { id: datasetId, version: 1, validation: 0.1, test: 0.1, seed: 7 })).ms;
  // The saves above relabeled a few rows: the commit makes version 2 of the million.
  const commitMs = (await call('labels.commit', { datasetId })).ms;
  const qualityMs = (await call('datasets.quality', { id: datasetId, version: 1 })).ms;
  const suggestMs = (await call('labels.suggest', { datasetId, runId })).ms;
  return { ...figures, splitMs, commitMs, qualityMs, suggestMs };
}

function writeCsv(file: string): void {
  const r = seedrandom('import');
  const fd = fs.openSync(file, 'w');
  const header = [...Array.from({ length: 10 }, (_, i) => `x${i}`), 'color', 'label'].join(',');
  fs.writeSync(fd, `${header}\n`);
  let chunk: string[] = [];
  for (let i = 0; i < ROWS; i++) {
    const cells = Array.from({ length: 10 }, () => (r() * 100).toFixed(3));
    cells.push(CATEGORIES[Math.floor(r() * CATEGORIES.length)], `c${Math.floor(r() * 5)}`);
    chunk.push(cells.join(','));
    if (chunk.length === 10_000) {
      fs.writeSync(fd, chunk.join('\n') + '\n');
      chunk = [];
    }
  }
  fs.closeSync(fd);
}

interface PhaseResult {
  ms: number;
  peakRssMb: number;
  rows: number;
  datasetId?: number;
  writtenBytes?: number | null;
}

const PANDAS_SCRIPT = `
import json, sys, time
import pandas
t = time.perf_counter()
rows = len(pandas.read_csv(sys.argv[1]))
print(json.dumps({"ms": (time.perf_counter() - t) * 1000, "rows": rows, "version": pandas.__version__}))
`;

/** pandas.read_csv in a python of its own (CAIRN_PYTHON, else the system's, else python3 on the PATH), timed inside python. */
function pandasReadCsv(file: string): ImportFigures['pandas'] {
  const pythons = [process.env.CAIRN_PYTHON, '/usr/bin/python3', 'python3'].filter((p): p is string => !!p);
  let why = 'python3 not found';
  for (const python of pythons) {
    const r = spawnSync(python, ['-c', PANDAS_SCRIPT, file], { encoding: 'utf8', timeout: 300_000 });
    if (r.error) continue;
    if (r.status === 0) {
      const out = JSON.parse(r.stdout) as { ms: number; rows: number; version: string };
      if (out.rows !== ROWS) return { why: `pandas read ${out.rows} rows, expected ${ROWS}` };
      return { ms: out.ms, version: out.version };
    }
    why = /No module named 'pandas'/.test(r.stderr)
      ? `${python} has no pandas; Debian: apt-get install python3-pandas`
      : (r.stderr.trim().split('\n').pop() ?? 'failed');
  }
  return { why };
}

/** Bytes this process has caused to be written to storage; null where /proc/self/io is missing. */
function writeBytes(): number | null {
  try {
    const m = /^write_bytes: (\d+)$/m.exec(fs.readFileSync('/proc/self/io', 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

function folderBytes(dir: string): number {
  return fs.readdirSync(dir, { withFileTypes: true }).reduce((n, e) => {
    const p = path.join(dir, e.name);
    return n + (e.isDirectory() ? folderBytes(p) : e.isFile() ? fs.statSync(p).size : 0);
  }, 0);
}

/** Runs one phase in a fresh process (this file is its entry point) and reads its figures. */
function phase(args: string[]): PhaseResult {
  const r = spawnSync(process.execPath, [__filename, ...args], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`import bench phase ${args[0]} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as PhaseResult;
}

async function runPhase([kind, file, dataDir, runId]: string[]): Promise<PhaseResult> {
  const t = performance.now();
  let rows = 0;
  let datasetId: number | undefined;
  let writtenBytes: number | null | undefined;
  if (kind === 'import') {
    const before = writeBytes();
    const core = new Core({ dataDir, transport: 'http' });
    const ds = await core.services.datasets.import({ path: file, name: 'bench-1m' });
    rows = ds.latest.rows;
    datasetId = ds.id;
    // Closing checkpoints the WAL into the database: those writes are the import's too.
    core.close();
    const after = writeBytes();
    writtenBytes = before === null || after === null ? null : after - before;
  } else if (kind === 'predict') {
    const core = new Core({ dataDir, transport: 'http' });
    const out = path.join(path.dirname(file), 'predictions-1m.csv');
    rows = (await core.services.predictions.predict({ ref: runId, input: file, out, engine: 'wasm', preview: 0 })).rows;
    core.close();
    fs.rmSync(out);
  } else if (kind === 'baseline') {
    rows = Papa.parse<string[]>(fs.readFileSync(file, 'utf8'), { skipEmptyLines: 'greedy' }).data.length - 1;
  }
  // maxRSS is in kilobytes.
  return { ms: performance.now() - t, peakRssMb: process.resourceUsage().maxRSS / 1024, rows, datasetId, writtenBytes };
}

if (require.main === module) {
  runPhase(process.argv.slice(2)).then((r) => process.stdout.write(JSON.stringify(r)));
}
