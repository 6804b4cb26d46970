import fs from 'node:fs';
import type { ColumnType, DatasetVersionInfo } from '../../../shared/domain';
import { UserError } from '../errors';
import { canonicalNumber, finishColumns, toCell } from './column-types';
import { streamTable, tableFormat, type TableFormat } from './csv-parse';
import { MAX_RUN_ROWS, VersionHasher, type DatasetRepo, type PendingImport, type VersionHeader } from './dataset-repo';
import { DistinctCounter } from './distinct-counter';
import { copyKey, ITEM_KEY_BYTES, KEY_WORDS, rowHashes } from './item-key';
import { profileAside } from './profile-aside';
import { profileTable, sampleTable, type LabelRequest, type TableScan } from './profile-table';
import { rowJson } from './row-json';

/**
 * Characters of row data held before they are written: a file under this goes into the store
 * only once it is read whole (so identical content is known before anything is written); a
 * larger one in runs of this size, each sorted by item key, so memory stays bounded.
 */
const RUN_CHARS = 128 * 1024 * 1024;
/** Rows whose types stand in for the whole file's while a worker checks it (see importTable). */
const SAMPLE_ROWS = 1000;
/** Files smaller than this are checked first, here: starting a worker thread costs more than it saves. */
const ASIDE_BYTES = 4 * 1024 * 1024;
const SHA256_BYTES = 32;
const HASH_BATCH_ROWS = 4096;

export interface TableImportOptions {
  labelColumn?: string;
  /** No label column: every column is a feature and every row unlabeled, for labeling later. */
  unlabeled?: boolean;
  /** Where spills of columns with very many distinct values go (the data folder's tmp area). */
  scratchDir: string;
  onProgress?(phase: 'checking' | 'importing', done: number, total: number): void;
}

/**
 * Imports a table file in two streamed passes: one checks every line and types the columns, the
 * other converts and hashes the rows and writes them into the store under an unpublished version,
 * in runs (see RUN_CHARS), then publishes it. A large CSV is checked in a worker thread while the
 * rows convert with the types its first rows show; nothing is written until the check agrees, and
 * when a column turns out otherwise (numbers early, text later) the rows convert again. Nothing is
 * written for a file the check rejects; a run that fails, or a crash, leaves nothing published
 * (DatasetRepo.sweepUnpublished).
 */
export async function importTable(repo: DatasetRepo, name: string, file: string, opts: TableImportOptions): Promise<DatasetVersionInfo> {
  const format = tableFormat(file);
  const label: LabelRequest = format === 'lines' || opts.unlabeled === true ? null : opts.labelColumn;
  const size = fs.statSync(file).size;
  const asideBytes = process.env.CAIRN_IMPORT_ASIDE_BYTES ? Number(process.env.CAIRN_IMPORT_ASIDE_BYTES) : ASIDE_BYTES;
  // JSON Lines name their columns as they appear: no row converts before the whole file is seen.
  if (format !== 'csv' || size < asideBytes) {
    const scan = await profileTable(file, format, label, opts.scratchDir, (done) => opts.onProgress?.('checking', done, 2 * size));
    return checked(await writeTable(repo, name, file, { format, guess: scan, scan: Promise.resolve(scan), read: [size, 2 * size] }, opts));
  }
  const sample = await sampleTable(file, label, SAMPLE_ROWS);
  if (sample.whole) return checked(await writeTable(repo, name, file, { format, guess: sample, scan: Promise.resolve(sample), read: [0, size] }, opts));
  const aside = profileAside(file, format, label, opts.scratchDir);
  try {
    const first = await writeTable(repo, name, file, { format, guess: sample, scan: aside.scan, read: [0, size] }, opts);
    if (first !== GUESSED_WRONG) return first;
    // A column numeric in the first rows holds other values further on: the rows convert again, typed.
    const scan = await aside.scan;
    return checked(await writeTable(repo, name, file, { format, guess: scan, scan: aside.scan, read: [0, size] }, opts));
  } finally {
    aside.stop();
  }
}

const GUESSED_WRONG = Symbol('a column converted with the wrong type');

/** The result of a pass whose types came from the whole file's check. */
function checked(v: DatasetVersionInfo | typeof GUESSED_WRONG): DatasetVersionInfo {
  if (v === GUESSED_WRONG) throw new Error('import: rows typed by the whole file disagreed with its check');
  return v;
}

interface Pass {
  format: TableFormat;
  /** The types rows convert with, before `scan` settles; when it is the whole file's check, columns it could not count are counted here. */
  guess: TableScan;
  /** The whole file's check. */
  scan: Promise<TableScan>;
  /** Where this pass's reading starts on the 'checking' bar, and the bar's length (bytes). */
  read: [number, number];
}

/**
 * The converting pass: rows convert with the guessed types and their hashes wait in the first run;
 * before anything is written (the first full run, or the end) the check must have settled with
 * the same names, label and numeric columns, or nothing is kept (GUESSED_WRONG).
 */
async function writeTable(
  repo: DatasetRepo,
  name: string,
  file: string,
  pass: Pass,
  opts: TableImportOptions,
): Promise<DatasetVersionInfo | typeof GUESSED_WRONG> {
  const { guess } = pass;
  const labelIndex = guess.labelColumn === null ? -1 : guess.names.indexOf(guess.labelColumn);
  const types = guess.columns.map((c) => c.type);
  // The stored row: every column but the label, in order.
  const featureAt = types.flatMap((_, i) => (i === labelIndex ? [] : [i]));
  // The check counts distinct values, except in a column it counted as numbers until a text came.
  const counted = guess.whole ? featureAt.filter((i) => guess.columns[i].distinct === null) : [];
  const counters = counted.map(() => new DistinctCounter(opts.scratchDir));
  const labels = new Set<string>();
  let scan: TableScan | null = null;
  let hasher: VersionHasher | null = null;
  let unhashed: Buffer | null = Buffer.allocUnsafe(65_536 * SHA256_BYTES);
  const header = (of: TableScan, hash: string, rows: number): VersionHeader => {
    const columns = finishColumns(of.columns, (i) => (i === labelIndex ? labels.size : counters[counted.indexOf(i)].count()));
    const numericLabel = labelIndex >= 0 && columns[labelIndex].type === 'numeric';
    return { kind: 'tabular', columns, labelColumn: of.labelColumn, classes: sortClasses(labels, numericLabel), source: file, rows, hash };
  };
  const runChars = Number(process.env.CAIRN_IMPORT_RUN_CHARS) || RUN_CHARS;
  let run = newRun();
  let written = 0;
  let rows = 0;
  let pending: PendingImport | null = null;
  let writing = false;
  // Rows are hashed a batch at a time (rowHashes): their keys join the run, their hashes the version's.
  const digestWords = new Uint32Array((HASH_BATCH_ROWS * SHA256_BYTES) / 4);
  const digests = Buffer.from(digestWords.buffer);
  const hashRun = () => {
    const from = run.keys.hashed;
    const texts = run.data.slice(from);
    rowHashes(texts, digests);
    if (run.keys.words.length < run.data.length * KEY_WORDS) {
      const grown = new Uint32Array(Math.max(2 * run.keys.words.length, run.data.length * KEY_WORDS));
      grown.set(run.keys.words);
      run.keys.words = grown;
    }
    for (let k = 0; k < texts.length; k++) copyKey(digestWords, k, run.keys.words, from + k, SHA256_BYTES / 4);
    if (hasher) for (let k = 0; k < texts.length; k++) hasher.add(digests.toString('hex', k * SHA256_BYTES, (k + 1) * SHA256_BYTES), run.labels[from + k]);
    else {
      unhashed = withRoom(unhashed!, run.data.length * SHA256_BYTES);
      digests.copy(unhashed, from * SHA256_BYTES, 0, texts.length * SHA256_BYTES);
    }
    run.keys.hashed = run.data.length;
  };
  const settle = async () => {
    hashRun();
    scan = await pass.scan;
    if (!sameConversion(scan, guess) || (!guess.whole && featureAt.some((i) => scan!.columns[i].distinct === null))) throw GUESSED_WRONG;
    hasher = new VersionHasher({ kind: 'tabular', columns: scan.columns, labelColumn: scan.labelColumn });
    for (let i = 0; i < run.data.length; i++) hasher.add(unhashed!.toString('hex', i * SHA256_BYTES, (i + 1) * SHA256_BYTES), run.labels[i]);
    unhashed = null;
  };
  const flush = async () => {
    if (hasher) hashRun();
    else await settle();
    const full = run;
    run = newRun();
    writing = true;
    const total = scan!.rows;
    const from = written;
    await repo.writeRows(
      pending!,
      written,
      { keys: Buffer.from(full.keys.words.buffer, 0, full.data.length * ITEM_KEY_BYTES), data: full.data, labels: full.labels },
      (done) => opts.onProgress?.('importing', from + done, total),
    );
    written += full.data.length;
  };
  try {
    // Open from the start, with a provisional header that publishImport replaces: other processes
    // can tell an import is under way, and a crash leaves it to the sweep.
    const opened = await repo.openImport(name, header(guess, '', guess.rows));
    if ('existing' in opened) throw new Error('import: a provisional header matched a version');
    pending = opened;
    const [readFrom, readTotal] = pass.read;
    await streamTable(file, pass.format, {
      row(cells) {
        const data = rowJson(cells, featureAt, types);
        const cell = labelIndex < 0 ? null : toCell(cells[labelIndex], types[labelIndex]);
        const label = cell === null ? null : String(cell);
        if (label !== null) labels.add(label);
        for (let k = 0; k < counted.length; k++) count(counters[k], cells[counted[k]], types[counted[k]]);
        run.data.push(data);
        run.labels.push(label);
        run.chars += data.length;
        rows++;
        if (run.chars >= runChars || run.data.length >= MAX_RUN_ROWS) return flush();
        if (run.data.length - run.keys.hashed === HASH_BATCH_ROWS) hashRun();
      },
      progress: (done) => writing || opts.onProgress?.('checking', readFrom + done, readTotal),
    });
    if (hasher) hashRun();
    else await settle();
    if (rows !== scan!.rows) throw new UserError(`${file}: the file changed while it was being imported; import it again`);
    const final = header(scan!, hasher!.digest(), rows);
    // Identical content, found before anything was written (a file held whole), writes nothing.
    const latest = written === 0 ? repo.findByName(name)?.latest : undefined;
    if (latest?.hash === final.hash) {
      repo.abandonImport(pending);
      return latest;
    }
    if (run.data.length) await flush();
    return await repo.publishImport(pending, final);
  } catch (err) {
    if (pending) repo.abandonImport(pending);
    if (err === GUESSED_WRONG) return GUESSED_WRONG;
    throw err;
  } finally {
    for (const c of counters) c.remove();
  }
}

/** Rows convert the same under both: same columns, same label, the same columns numeric. */
function sameConversion(a: TableScan, b: TableScan): boolean {
  return (
    a.labelColumn === b.labelColumn &&
    a.names.length === b.names.length &&
    a.names.every((n, i) => n === b.names[i] && (a.columns[i].type === 'numeric') === (b.columns[i].type === 'numeric'))
  );
}

/** `buf`, or a copy at least twice as long when it holds fewer than `bytes`. */
function withRoom(buf: Buffer, bytes: number): Buffer {
  if (bytes <= buf.length) return buf;
  const grown = Buffer.allocUnsafe(Math.max(buf.length * 2, bytes));
  buf.copy(grown);
  return grown;
}

function count(counter: DistinctCounter, raw: string | undefined, type: ColumnType): void {
  // Most cells of a numeric column are numbers as JavaScript prints them, read without Number().
  const x = type === 'numeric' && raw !== undefined ? canonicalNumber(raw) : NaN;
  if (!Number.isNaN(x)) return counter.addNumber(x);
  const v = toCell(raw, type);
  if (v === null) return;
  if (typeof v === 'number') counter.addNumber(v);
  else counter.addText(v);
}

/** Rows of a run held before they go into the store; the leading `keys.hashed` have their item keys. */
interface Run {
  keys: { words: Uint32Array; hashed: number };
  data: string[];
  labels: (string | null)[];
  chars: number;
}

function newRun(): Run {
  return { keys: { words: new Uint32Array(65_536 * KEY_WORDS), hashed: 0 }, data: [], labels: [], chars: 0 };
}

export function sortClasses(labels: Iterable<string>, numeric: boolean): string[] {
  const set = [...labels];
  return numeric ? set.sort((a, b) => Number(a) - Number(b)) : set.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}
