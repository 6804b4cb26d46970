import fs from 'node:fs';
import path from 'node:path';
import type { DatasetVersionInfo } from '../../../../shared/domain';
import { dataPaths } from '../../data-dir';
import { trainedRowMask } from '../../evaluation/training-overlap';
import { tableCsv } from '../../monitoring/append-rows';
import { versionTable } from '../../monitoring/drift-service';
import { jobScratchPath } from '../../training/jobs-folder';
import { UserError } from '../../errors';
import { versionLabel } from './working-data';
import type { PipelineDeps } from './types';

export interface HeldOutRows {
  file: string;
  rows: number;
  /** Test rows left out because one of the models trained on an identical row. */
  excluded: number;
  /** Models whose training rows are unknown (imported), so their overlap could not be removed. */
  unknown: string[];
  remove(): void;
}

/**
 * The version's test rows that none of the given runs trained on (by content, so a duplicate of a
 * training row is left out too), as a CSV file: every model is scored on the same rows, and each
 * evaluation counts as held-out for the registry's champion rule.
 */
export function heldOutRows(deps: PipelineDeps, v: DatasetVersionInfo, runIds: (string | null)[]): HeldOutRows {
  const table = versionTable(deps.datasets, v);
  const test = new Set(deps.db.prepare("SELECT position FROM version_splits WHERE version_id = ? AND split = 'test'").pluck().all(v.id) as number[]);
  if (test.size === 0) throw new UserError(`${versionLabel(deps, v)} has no test rows in its stored split`);
  const unknown: string[] = [];
  const masks = runIds.flatMap((id) => {
    const mask = trainedRowMask(deps.db, deps.datasets.repo, deps.runs, id, { version: v, table });
    if (!mask) unknown.push(id ?? 'an imported model');
    return mask ? [mask] : [];
  });
  const keep = table.rows.filter((_, i) => test.has(i) && !masks.some((m) => m[i]));
  if (keep.length === 0) throw new UserError(`every test row of ${versionLabel(deps, v)} equals a row a model trained on: nothing is held out`);
  const dir = jobScratchPath(dataPaths(deps.dataDir).jobs, 'pipeline-held-out');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${versionLabel(deps, v)} test held-out.csv`);
  fs.writeFileSync(file, tableCsv(table.columns, keep));
  return { file, rows: keep.length, excluded: test.size - keep.length, unknown, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
