import fs from 'node:fs';
import path from 'node:path';
import type { PreprocessingSpec, TabularSpec } from '../../../shared/ml';
import { streamTypedTable } from '../datasets/csv-parse';
import { UserError } from '../errors';
import { LineFile, writeJsonLines } from '../files/line-file';
import { modelRow } from './table-rows';

const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.gif', '.webp', '.bmp', '.tif', '.tiff']);

export interface PredictInputs {
  kind: 'tabular' | 'images';
  /** Row id (CSV `id` column, else the 1-based row number) or image path relative to the folder. */
  ids: string[];
  idColumn: 'id' | 'row' | 'path';
}

/**
 * Writes the worker's input for a CSV (for a tabular model: each row's cells in the training
 * column order) or a folder of images (their paths) to `file` as JSON Lines (see PredictJob),
 * streamed: a file of any size is never held whole.
 */
export async function writePredictInputs(input: string, spec: PreprocessingSpec, file: string): Promise<PredictInputs> {
  const abs = path.resolve(input);
  if (!fs.existsSync(abs)) throw new UserError(`${input}: no such file or folder`);
  const isDir = fs.statSync(abs).isDirectory();
  if (spec.kind === 'image') {
    if (!isDir) throw new UserError(`${input}: this model takes images; give a folder of images`);
    const paths = listImages(abs);
    if (paths.length === 0) throw new UserError(`${input}: no images found`);
    writeJsonLines(file, paths);
    return { kind: 'images', ids: paths.map((p) => path.relative(abs, p).split(path.sep).join('/')), idColumn: 'path' };
  }
  if (isDir) throw new UserError(`${input}: this model takes table rows; give a CSV file`);
  return writeTable(abs, input, spec, file);
}

async function writeTable(csv: string, shown: string, spec: TabularSpec, file: string): Promise<PredictInputs> {
  const ids: string[] = [];
  let idColumn: PredictInputs['idColumn'] = 'row';
  const out = new LineFile(file);
  try {
    await streamTypedTable(csv, (columns) => {
      const toModel = modelRow(
        shown,
        columns.map((c) => c.name),
        spec,
      );
      const idAt = columns.findIndex((c) => c.name.toLowerCase() === 'id');
      if (idAt >= 0) idColumn = 'id';
      return (cells) => {
        ids.push(idAt >= 0 && cells[idAt] !== null ? String(cells[idAt]) : String(ids.length + 1));
        out.add(JSON.stringify(toModel(cells)));
      };
    });
  } finally {
    out.close();
  }
  return { kind: 'tabular', ids, idColumn };
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
