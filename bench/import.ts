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
  peakRssDeltaMb: number;
  peakHeapDeltaMb: number;
  baselineMs: number;
  baselinePeakRssDeltaMb: number;
  baselinePeakHeapDeltaMb: number;
  /** Labeling on the imported million rows: ms per call, median of a few. */
  atScale: { queuePageMs: number; filteredPageMs: number; saveMs: number; statusMs: number };
}

const ROWS = 1_000_000;
const CATEGORIES = ['red', 'green', 'blue', 'cyan', 'magenta', 'yellow', 'black', 'white'];

/**
 * A 1,000,000-row CSV (10 numeric, 1 categorical, label) imported through the core, streamed
 * into a staging file and copied into the store in one transaction; the baseline is what the
 * import replaced, reading the whole file and parsing it into arrays with papaparse (no types,
 * no hashing, no store). Peaks are sampled every 20 ms over each phase.
 */
export async function benchImport(dir: string): Promise<ImportFigures> {
  const file = path.join(dir, 'import-1m.csv');
  writeCsv(file);
  const megabytes = fs.statSync(file).size / 1024 ** 2;

  const core = new Core({ dataDir: path.join(dir, 'import-data'), transport: 'http' });
  let t = performance.now();
  const imported = await sampledPeaks(() => core.datasets.import({ path: file, name: 'bench-1m' }));
  const importMs = performance.now() - t;
  if (imported.value.latest.rows !== ROWS) throw new Error(`imported ${imported.value.latest.rows} rows, expected ${ROWS}`);
  const atScale = await labelingAtScale(core, imported.value.id);
  core.close();

  t = performance.now();
  const baseline = await sampledPeaks(async () => Papa.parse<string[]>(fs.readFileSync(file, 'utf8'), { skipEmptyLines: 'greedy' }).data.length);
  const baselineMs = performance.now() - t;
  fs.rmSync(file);
  return {
    rows: ROWS,
    megabytes,
    importMs,
    rowsPerSec: ROWS / (importMs / 1000),
    peakRssDeltaMb: imported.rssMb,
    peakHeapDeltaMb: imported.heapMb,
    baselineMs,
    baselinePeakRssDeltaMb: baseline.rssMb,
    baselinePeakHeapDeltaMb: baseline.heapMb,
    atScale,
  };
}

/** What a labeler waits for on a million-row dataset: a queue page deep in the data, a filtered page, a save, the status. */
async function labelingAtScale(core: Core, datasetId: number): Promise<ImportFigures['atScale']> {
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
  return {
    queuePageMs: await median('labels.queue', () => ({ datasetId, filter: { kind: 'all' }, offset: 500_000, limit: 50 })),
    filteredPageMs: await median('labels.queue', () => ({ datasetId, filter: { kind: 'label', label: 'c3' }, offset: 1000, limit: 50 })),
    saveMs: await median('labels.save', () => ({ datasetId, itemIds: [page.entries[i++].itemId], value: { labels: ['c1'] }, labeler: 'bench' })),
    statusMs: await median('labels.status', () => ({ datasetId })),
  };
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

async function sampledPeaks<T>(fn: () => Promise<T>): Promise<{ value: T; rssMb: number; heapMb: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  const start = process.memoryUsage();
  let rss = start.rss;
  let heap = start.heapUsed;
  const sample = () => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
  };
  const timer = setInterval(sample, 20);
  try {
    const value = await fn();
    sample();
    return { value, rssMb: (rss - start.rss) / 1024 ** 2, heapMb: (heap - start.heapUsed) / 1024 ** 2 };
  } finally {
    clearInterval(timer);
  }
}
