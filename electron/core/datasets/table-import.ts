import crypto from 'node:crypto';
import type { ColumnType, DatasetVersionInfo } from '../../../shared/domain';
import { UserError } from '../errors';
import { canonicalNumber, finishColumns, TableProfile, toCell } from './column-types';
import { streamTable, tableFormat } from './csv-parse';
import { MAX_RUN_ROWS, VersionHasher, type DatasetRepo, type ImportRows, type PendingImport, type VersionHeader } from './dataset-repo';
import { DistinctCounter } from './distinct-counter';
import { ITEM_KEY_BYTES } from './item-key';
import { rowJson } from './row-json';

const LABEL_NAMES = ['label', 'target', 'class', 'y'];
/**
 * Characters of row data held before they are written: a file under this goes into the store
 * only once it is read whole (so identical content is known before anything is written); a
 * larger one in runs of this size, each sorted by item key, so memory stays bounded.
 */
const RUN_CHARS = 128 * 1024 * 1024;

export interface TableImportOptions {
  labelColumn?: string;
  /** No label column: every column is a feature and every row unlabeled, for labeling later. */
  unlabeled?: boolean;
  /** Where spills of columns with very many distinct values go (the data folder's tmp area). */
  scratchDir: string;
  onProgress?(phase: 'checking' | 'importing', done: number, total: number): void;
}

/**
 * Imports a table file in two streamed passes. Pass 1 checks every line and infers the column
 * types (which the version hash and the cell conversion need before any row is converted); pass 2
 * converts and hashes the rows and writes them into the store under an unpublished version, in
 * runs (see RUN_CHARS), then publishes it. Nothing is written for a file pass 1 rejects; a run
 * that fails, or a crash, leaves nothing published (DatasetRepo.sweepUnpublished).
 */
export async function importTable(repo: DatasetRepo, name: string, file: string, opts: TableImportOptions): Promise<DatasetVersionInfo> {
  const format = tableFormat(file);
  const profile = new TableProfile();
  const names = await streamTable(file, format, {
    row: (cells) => profile.add(cells),
    progress: (done, total) => opts.onProgress?.('checking', done, total),
  });
  const labelColumn = chooseLabelColumn(file, names, format === 'lines' || opts.unlabeled === true ? null : opts.labelColumn);
  const labelIndex = labelColumn === null ? -1 : names.indexOf(labelColumn);
  const profiled = profile.columns(names, { textColumns: format === 'lines' ? [0] : [], categoricalColumns: labelIndex < 0 ? [] : [labelIndex] });
  // Columns past the in-memory distinct cap are counted in pass 2. The label's distinct values are its classes.
  const counted = profiled.flatMap((c, i) => (c.distinct === null && i !== labelIndex ? [i] : []));
  const counters = counted.map(() => new DistinctCounter(opts.scratchDir));
  const types = profiled.map((c) => c.type);
  // The stored row: every column but the label, in order.
  const featureAt = profiled.flatMap((_, i) => (i === labelIndex ? [] : [i]));

  const hasher = new VersionHasher({ kind: 'tabular', columns: profiled, labelColumn });
  const labels = new Set<string>();
  const header = (hash: string, rows: number): VersionHeader => {
    const columns = finishColumns(profiled, (i) => (i === labelIndex ? labels.size : counters[counted.indexOf(i)].count()));
    const numericLabel = labelIndex >= 0 && columns[labelIndex].type === 'numeric';
    return { kind: 'tabular', columns, labelColumn, classes: sortClasses(labels, numericLabel), source: file, rows, hash };
  };
  // Smaller runs in tests, to drive the path a file of gigabytes takes.
  const runChars = Number(process.env.CAIRN_IMPORT_RUN_CHARS) || RUN_CHARS;
  let run = newRun();
  let written = 0;
  let rows = 0;
  let pending: PendingImport | null = null;
  const flush = async () => {
    const full = run;
    run = newRun();
    await repo.writeRows(pending!, written, { keys: full.keys.subarray(0, full.data.length * ITEM_KEY_BYTES), data: full.data, labels: full.labels });
    written += full.data.length;
  };
  try {
    // Open from the start of pass 2, with a provisional header that publishImport replaces: other
    // processes can tell an import is under way, and a crash leaves it to the sweep.
    const opened = await repo.openImport(name, header('', profile.rows));
    if ('existing' in opened) throw new Error('import: a provisional header matched a version');
    pending = opened;
    await streamTable(file, format, {
      row(cells) {
        const data = rowJson(cells, featureAt, types);
        const hash = crypto.hash('sha256', data, 'buffer');
        const cell = labelIndex < 0 ? null : toCell(cells[labelIndex], types[labelIndex]);
        const label = cell === null ? null : String(cell);
        if (label !== null) labels.add(label);
        hasher.add(hash.toString('hex'), label);
        for (let k = 0; k < counters.length; k++) count(counters[k], cells[counted[k]], types[counted[k]]);
        addToRun(run, hash, data, label);
        rows++;
        if (run.chars >= runChars || run.data.length >= MAX_RUN_ROWS) return flush();
      },
      progress: (done, total) => opts.onProgress?.('importing', done, total),
    });
    if (rows !== profile.rows) throw new UserError(`${file}: the file changed while it was being imported; import it again`);
    const final = header(hasher.digest(), rows);
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
    throw err;
  } finally {
    for (const c of counters) c.remove();
  }
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

interface Run extends ImportRows {
  chars: number;
}

function newRun(): Run {
  return { keys: Buffer.allocUnsafe(65_536 * ITEM_KEY_BYTES), data: [], labels: [], chars: 0 };
}

function addToRun(run: Run, hash: Buffer, data: string, label: string | null): void {
  const at = run.data.length * ITEM_KEY_BYTES;
  if (at + ITEM_KEY_BYTES > run.keys.length) {
    const grown = Buffer.allocUnsafe(run.keys.length * 2);
    run.keys.copy(grown);
    run.keys = grown;
  }
  hash.copy(run.keys, at, 0, ITEM_KEY_BYTES);
  run.data.push(data);
  run.labels.push(label);
  run.chars += data.length;
}

/** The named column, else label/target/class/y, else the last column; null for no label. */
function chooseLabelColumn(file: string, names: string[], requested: string | undefined | null): string | null {
  if (requested === null) return null;
  const chosen = requested ?? names.find((n) => LABEL_NAMES.includes(n.toLowerCase())) ?? names[names.length - 1];
  if (!names.includes(chosen)) throw new UserError(`${file}: no column "${chosen}"; columns are ${names.join(', ')}`);
  if (names.length < 2) throw new UserError(`${file}: needs at least one feature column besides the label; import it unlabeled to label it later`);
  return chosen;
}

export function sortClasses(labels: Iterable<string>, numeric: boolean): string[] {
  const set = [...labels];
  return numeric ? set.sort((a, b) => Number(a) - Number(b)) : set.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}
