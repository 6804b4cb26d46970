import fs from 'node:fs';
import zlib from 'node:zlib';
import Papa from 'papaparse';
import type { ColumnInfo } from '../../../shared/domain';
import { UserError } from '../errors';

// pandas' default NA strings, so a file reads the same here as in a notebook.
const MISSING = new Set(['', '#N/A', '#N/A N/A', '#NA', '-1.#IND', '-1.#QNAN', '-NaN', '-nan', '1.#IND', '1.#QNAN', '<NA>', 'N/A', 'NA', 'NULL', 'NaN', 'None', 'n/a', 'nan', 'null']);

export type Cell = string | number | null;

export interface ParsedTable {
  columns: ColumnInfo[];
  rows: Cell[][];
}

/** Reads a delimited text file with a header row; rejects the whole file on the first bad line. */
export async function parseCsvFile(file: string): Promise<ParsedTable> {
  const raw = await fs.promises.readFile(file);
  // gzip magic: .csv.gz files read as they are.
  const text = (raw[0] === 0x1f && raw[1] === 0x8b ? zlib.gunzipSync(raw) : raw).toString('utf8');
  const result = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), {
    header: false,
    skipEmptyLines: 'greedy',
    delimiter: '',
  });
  // An undetectable delimiter means one column; papaparse then reads it with ',' which is right.
  const fatal = result.errors.find((e) => e.type !== 'Delimiter');
  if (fatal) throw new UserError(`${file}: line ${(fatal.row ?? 0) + 1}: ${fatal.message}`);
  const [header, ...body] = result.data;
  if (!header || header.length === 0) throw new UserError(`${file}: the file is empty`);
  const names = header.map((h) => h.trim());
  const dupe = names.find((n, i) => names.indexOf(n) !== i);
  if (dupe !== undefined) throw new UserError(`${file}: line 1: column "${dupe}" appears twice`);
  if (names.some((n) => n === '')) throw new UserError(`${file}: line 1: a column has no name`);
  if (body.length === 0) throw new UserError(`${file}: the file has a header but no rows`);

  body.forEach((row, i) => {
    if (row.length !== names.length) {
      throw new UserError(`${file}: line ${i + 2}: expected ${names.length} fields, found ${row.length}`);
    }
  });
  return typedTable(names, body);
}

/** Rows of text cells → typed cells: a column is numeric when every present cell is a number. */
function typedTable(names: string[], body: (string | undefined)[][]): ParsedTable {
  const numeric = names.map((_, c) => body.every((row) => isMissing(row[c]) || isNumber(row[c]!)));
  const rows: Cell[][] = body.map((row) =>
    row.map((raw, c) => (raw === undefined || isMissing(raw) ? null : numeric[c] ? Number(raw) : raw.trim())),
  );
  const columns: ColumnInfo[] = names.map((name, c) => {
    const values = new Set<Cell>();
    let missing = 0;
    for (const row of rows) {
      if (row[c] === null) missing++;
      else values.add(row[c]);
    }
    return { name, type: numeric[c] && values.size > 0 ? 'numeric' : 'categorical', missing, distinct: values.size };
  });
  return { columns, rows };
}

function isMissing(v: string | undefined): boolean {
  return v === undefined || MISSING.has(v.trim());
}

function isNumber(v: string): boolean {
  const t = v.trim();
  return t !== '' && Number.isFinite(Number(t));
}

/** JSON Lines: one flat object per line; columns in order of first appearance, absent keys missing. */
export async function parseJsonlFile(file: string): Promise<ParsedTable> {
  const raw = await fs.promises.readFile(file);
  const text = (raw[0] === 0x1f && raw[1] === 0x8b ? zlib.gunzipSync(raw) : raw).toString('utf8').replace(/^\uFEFF/, '');
  const names: string[] = [];
  const seen = new Set<string>();
  const objects: Record<string, unknown>[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch (err) {
      throw new UserError(`${file}: line ${i + 1}: not valid JSON (${(err as Error).message})`);
    }
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw new UserError(`${file}: line ${i + 1}: expected a JSON object`);
    for (const [k, v] of Object.entries(obj)) {
      if (typeof v === 'object' && v !== null) throw new UserError(`${file}: line ${i + 1}: "${k}" holds a nested value; flatten it first`);
      if (!seen.has(k)) {
        seen.add(k);
        names.push(k);
      }
    }
    objects.push(obj as Record<string, unknown>);
  });
  if (objects.length === 0) throw new UserError(`${file}: the file has no rows`);
  const body = objects.map((o) => names.map((n) => (o[n] === undefined || o[n] === null ? undefined : String(o[n]))));
  return typedTable(names, body);
}
