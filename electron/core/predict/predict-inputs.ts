import fs from 'node:fs';
import path from 'node:path';
import type { PreprocessingSpec, TabularCell, TabularSpec } from '../../../shared/ml';
import { parseCsvFile } from '../datasets/csv-parse';
import { UserError } from '../errors';
import { modelRows } from './table-rows';

const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.gif', '.webp', '.bmp', '.tif', '.tiff']);

export interface PredictInputs {
  kind: 'tabular' | 'images';
  /** Row id (CSV `id` column, else the 1-based row number) or image path relative to the folder. */
  ids: string[];
  idColumn: 'id' | 'row' | 'path';
  rows?: TabularCell[][];
  paths?: string[];
}

/** Reads a CSV (for a tabular model) or a folder of images (for an image model). */
export async function readPredictInputs(input: string, spec: PreprocessingSpec): Promise<PredictInputs> {
  const abs = path.resolve(input);
  if (!fs.existsSync(abs)) throw new UserError(`${input}: no such file or folder`);
  const isDir = fs.statSync(abs).isDirectory();
  if (spec.kind === 'image') {
    if (!isDir) throw new UserError(`${input}: this model takes images; give a folder of images`);
    const paths = listImages(abs);
    if (paths.length === 0) throw new UserError(`${input}: no images found`);
    return { kind: 'images', ids: paths.map((p) => path.relative(abs, p).split(path.sep).join('/')), idColumn: 'path', paths };
  }
  if (isDir) throw new UserError(`${input}: this model takes table rows; give a CSV file`);
  return readTable(abs, input, spec);
}

async function readTable(file: string, shown: string, spec: TabularSpec): Promise<PredictInputs> {
  const table = await parseCsvFile(file);
  const rows = modelRows(
    shown,
    table.columns.map((c) => c.name),
    table.rows,
    spec,
  );
  const idAt = table.columns.findIndex((c) => c.name.toLowerCase() === 'id');
  const ids = table.rows.map((r, i) => (idAt >= 0 && r[idAt] !== null ? String(r[idAt]) : String(i + 1)));
  return { kind: 'tabular', ids, idColumn: idAt >= 0 ? 'id' : 'row', rows };
}

/** `out` is passed down rather than spread back, for folders of any size. */
function listImages(dir: string, out: string[] = []): string[] {
  for (const d of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (d.name.startsWith('.')) continue;
    const p = path.join(dir, d.name);
    if (d.isDirectory()) listImages(p, out);
    else if (d.isFile() && IMAGE_EXTENSIONS.has(path.extname(d.name).toLowerCase())) out.push(p);
  }
  return out;
}
