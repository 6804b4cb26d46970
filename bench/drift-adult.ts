import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { Core } from '../electron/core/core';
import { csvTable, driftReport, versionTable } from '../electron/core/monitoring/drift-service';

export interface AdultDriftFigures {
  rows: number;
  columns: number;
  /** Reference table read from the store, current batch parsed, every column tested, histograms included. */
  ms: number;
}

/** The drift report on Adult (32,561 rows x 15 columns) against a shifted batch of the same size, through the core. */
export async function benchAdultDrift(dir: string, datasets: string): Promise<AdultDriftFigures> {
  const file = path.join(datasets, 'adult.csv.gz');
  const core = new Core({ dataDir: path.join(dir, 'adult-drift'), transport: 'http' });
  try {
    const ds = await core.services.datasets.import({ path: file, name: 'adult' });
    const lines = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').trimEnd().split(/\r?\n/);
    const shifted = [lines[0], ...lines.slice(1).map((l) => l.replace(/^(\d+)/, (a) => String(Number(a) + 5)))];
    const current = path.join(dir, 'adult-shifted.csv');
    fs.writeFileSync(current, shifted.join('\n'));
    const t = performance.now();
    const report = driftReport(versionTable(core.services.datasets, ds.latest), await csvTable(current));
    return { rows: ds.latest.rows, columns: report.numberOfColumns, ms: performance.now() - t };
  } finally {
    core.close();
  }
}
