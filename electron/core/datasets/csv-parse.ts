import fs from 'node:fs';
import readline from 'node:readline';
import { pipeline, Transform, type Readable } from 'node:stream';
import zlib from 'node:zlib';
import Papa from 'papaparse';
import type { ColumnInfo } from '../../../shared/domain';
import { UserError } from '../errors';
import { inputLimits } from '../input-limits';
import { finishColumns, TableProfile, toCell, type Cell } from './column-types';
import { gunzipLimit } from './gunzip-limit';
import { wholeRecords } from './record-guard';

export type { Cell } from './column-types';

/** CSV/TSV with a header row, JSON Lines (one flat object per line), or plain text (one text per line). */
export type TableFormat = 'csv' | 'jsonl' | 'lines';

export function tableFormat(file: string): TableFormat {
  if (/\.(jsonl|ndjson)(\.gz)?$/i.test(file)) return 'jsonl';
  if (/\.txt(\.gz)?$/i.test(file)) return 'lines';
  return 'csv';
}

export interface TableVisitor {
  /**
   * A record's cells in column order (missing columns undefined) and its line, header excluded.
   * A promise returned pauses the reading until it settles (a rejection ends it).
   */
  row(cells: (string | undefined)[], line: number): unknown;
  /** A CSV's column names, once its header is read (JSON Lines name theirs as they appear). */
  header?(names: string[]): void;
  /** Bytes of the file read so far, of `total`. */
  progress?(done: number, total: number): void;
}

/**
 * Streams a table file once, checking it as it goes: the first bad line rejects the whole file
 * with its line number. Returns the column names (for JSON Lines, in order of first appearance).
 */
export async function streamTable(file: string, format: TableFormat, visit: TableVisitor): Promise<string[]> {
  const { text, size, bytesRead } = await openText(file, format === 'csv');
  const progress = () => visit.progress?.(bytesRead(), size);
  // A read, gunzip or limit error reaches the parser as this stream's error, without the file's name.
  let streamError: unknown = null;
  text.on('error', (err) => (streamError = err));
  try {
    const names = format === 'csv' ? await streamCsv(file, text, visit, progress) : await streamLines(file, format, text, visit, progress);
    visit.progress?.(size, size);
    return names;
  } catch (err) {
    if (err === streamError) throw new UserError(`${file}: ${(err as Error).message}`);
    throw err;
  } finally {
    text.destroy();
  }
}

/**
 * The file as UTF-8 text in whole records (split characters rejoined, newlines made LF),
 * gunzipped within the limits when it starts with gzip's magic bytes.
 */
async function openText(file: string, quoted: boolean): Promise<{ text: Readable; size: number; bytesRead: () => number }> {
  const limits = inputLimits();
  const handle = await fs.promises.open(file);
  const magic = Buffer.alloc(2);
  let size: number;
  try {
    await handle.read(magic, 0, 2, 0);
    size = (await handle.stat()).size;
  } finally {
    await handle.close();
  }
  const raw = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  let bytes = 0;
  raw.on('data', (c) => (bytes += c.length));
  // pipeline carries an error downstream to the reader, and a reader's destroy back to the file.
  const text: Readable =
    magic[0] === 0x1f && magic[1] === 0x8b
      ? pipeline(
          raw,
          zlib.createGunzip(),
          gunzipLimit(limits, () => bytes),
          () => {},
        )
      : raw;
  text.setEncoding('utf8');
  const records = pipeline(text, unixNewlines(), wholeRecords(limits.recordBytes, quoted), () => {});
  return { text: records, size, bytesRead: () => bytes };
}

/**
 * CRLF and lone CR become LF. Files stitched together from Windows and Unix tools mix them, and
 * papaparse reads a whole file with the first newline it sees, as pandas does not.
 */
function unixNewlines(): Transform {
  let pendingCr = false;
  return new Transform({
    decodeStrings: false,
    encoding: 'utf8',
    transform(chunk: string, _enc, done) {
      let s = (pendingCr ? '\r' : '') + chunk;
      // A CR at the end of a chunk may be the first half of a CRLF.
      pendingCr = s.endsWith('\r');
      if (pendingCr) s = s.slice(0, -1);
      done(null, s.replace(/\r\n?/g, '\n'));
    },
    flush(done) {
      done(null, pendingCr ? '\n' : '');
    },
  });
}

function streamCsv(file: string, text: Readable, visit: TableVisitor, progress: () => void): Promise<string[]> {
  return new Promise((resolve, reject) => {
    let names: string[] | null = null;
    let line = 0;
    let records = 0;
    let failed = false;
    const fail = (parser: Papa.Parser, message: string) => {
      failed = true;
      parser.abort();
      reject(new UserError(`${file}: ${message}`));
    };
    Papa.parse<string[]>(text, {
      header: false,
      // Lines of only spaces or delimiters are skipped below, cheaper than papaparse's 'greedy'.
      skipEmptyLines: true,
      // An undetectable delimiter means one column; papaparse then reads it with ',' which is right.
      delimiter: '',
      newline: '\n',
      beforeFirstChunk: (chunk) => chunk.replace(/^\uFEFF/, ''),
      step: (result, parser) => {
        line++;
        const fatal = result.errors.find((e) => e.type !== 'Delimiter');
        if (fatal) return fail(parser, `line ${line}: ${fatal.message}`);
        const row = result.data;
        if (isBlank(row)) return;
        if (names === null) {
          names = row.map((h) => h.trim());
          const dupe = names.find((n, i) => names!.indexOf(n) !== i);
          if (dupe !== undefined) return fail(parser, `line 1: column "${dupe}" appears twice`);
          if (names.some((n) => n === '')) return fail(parser, 'line 1: a column has no name');
          visit.header?.(names);
          return;
        }
        if (row.length !== names.length) return fail(parser, `line ${line}: expected ${names.length} fields, found ${row.length}`);
        records++;
        const stop = (err: unknown) => {
          failed = true;
          parser.abort();
          reject(err as Error);
        };
        let wait: unknown;
        try {
          wait = visit.row(row, line);
        } catch (err) {
          return stop(err);
        }
        if (wait instanceof Promise) {
          parser.pause();
          wait.then(() => parser.resume(), stop);
        }
        if ((records & 1023) === 0) progress();
      },
      complete: () => {
        if (failed) return;
        if (names === null) reject(new UserError(`${file}: the file is empty`));
        else if (records === 0) reject(new UserError(`${file}: the file has a header but no rows`));
        else resolve(names);
      },
      error: (err) => {
        if (!failed) reject(new UserError(`${file}: ${err.message}`));
        failed = true;
      },
    });
  });
}

/** Empty, or only delimiters and spaces (",,,"). */
function isBlank(row: string[]): boolean {
  for (const cell of row) if (cell.trim() !== '') return false;
  return true;
}

/** JSON Lines and plain text: one record per non-empty line, numbered as in an editor. */
async function streamLines(file: string, format: 'jsonl' | 'lines', text: Readable, visit: TableVisitor, progress: () => void): Promise<string[]> {
  const names: string[] = format === 'lines' ? ['text'] : [];
  const index = new Map<string, number>();
  let lineNo = 0;
  let records = 0;
  for await (const raw of readline.createInterface({ input: text, crlfDelay: Infinity })) {
    const line = ++lineNo === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (line.trim() === '') continue;
    records++;
    const wait = visit.row(format === 'lines' ? [line.trim()] : jsonCells(file, line, lineNo, names, index), lineNo);
    if (wait instanceof Promise) await wait;
    if ((records & 1023) === 0) progress();
  }
  if (records === 0) throw new UserError(`${file}: the file has no ${format === 'lines' ? 'text lines' : 'rows'}`);
  return names;
}

function jsonCells(file: string, line: string, lineNo: number, names: string[], index: Map<string, number>): (string | undefined)[] {
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch (err) {
    throw new UserError(`${file}: line ${lineNo}: not valid JSON (${(err as Error).message})`);
  }
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw new UserError(`${file}: line ${lineNo}: expected a JSON object`);
  const cells: (string | undefined)[] = new Array<string | undefined>(names.length);
  for (const [k, v] of Object.entries(obj)) {
    if (typeof v === 'object' && v !== null) throw new UserError(`${file}: line ${lineNo}: "${k}" holds a nested value; flatten it first`);
    let c = index.get(k);
    if (c === undefined) {
      c = names.push(k) - 1;
      index.set(k, c);
    }
    cells[c] = v === null ? undefined : String(v);
  }
  return cells;
}

export interface ParsedTable {
  columns: ColumnInfo[];
  rows: Cell[][];
}

/** A whole table in memory, typed: for files read to be used at once (drift, evaluation). */
export async function parseCsvFile(file: string): Promise<ParsedTable> {
  const profile = fileProfile(file);
  const raw: (string | undefined)[][] = [];
  const names = await streamTable(file, tableFormat(file), {
    row(cells) {
      profile.add(cells);
      raw.push(cells);
    },
  });
  const profiled = profile.columns(names);
  const rows = raw.map((cells) => profiled.map((c, i) => toCell(cells[i], c.type)));
  const columns = finishColumns(profiled, (i) => new Set(rows.map((r) => r[i]).filter((v) => v !== null)).size);
  return { columns, rows };
}

/**
 * A table file's rows typed as parseCsvFile types them, in two streamed passes: the first types
 * the columns and hands them to `typed`, the second hands each row to what that returned. For
 * files too big to hold, such as those predicted on.
 */
export async function streamTypedTable(file: string, typed: (columns: Pick<ColumnInfo, 'name' | 'type'>[]) => (cells: Cell[]) => void): Promise<void> {
  const profile = fileProfile(file);
  const names = await streamTable(file, tableFormat(file), { row: (cells) => profile.add(cells) });
  const columns = profile.columns(names);
  const row = typed(columns.map((c) => ({ name: c.name, type: c.type })));
  await streamTable(file, tableFormat(file), { row: (cells) => row(columns.map((c, i) => toCell(cells[i], c.type))) });
}

function fileProfile(file: string): TableProfile {
  return new TableProfile({ textColumns: tableFormat(file) === 'lines' ? [0] : [] });
}
