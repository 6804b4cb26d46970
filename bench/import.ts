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
  core.close();
  if (imported.value.latest.rows !== ROWS) throw new Error(`imported ${imported.value.latest.rows} rows, expected ${ROWS}`);

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
