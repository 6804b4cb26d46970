import crypto from 'node:crypto';
import { UserError } from '../errors';
import { finishColumns, TableProfile, toCell } from './column-types';
import { streamTable, tableFormat } from './csv-parse';
import { VersionHasher, type VersionHeader } from './dataset-repo';
import { NumberSpill } from './number-spill';
import { StagingFile } from './staging';

const LABEL_NAMES = ['label', 'target', 'class', 'y'];

export interface TableImportOptions {
  labelColumn?: string;
  /** No label column: every column is a feature and every row unlabeled, for labeling later. */
  unlabeled?: boolean;
  /** Where the staging file goes (the data folder's tmp area). */
  stagingDir: string;
  onProgress?(phase: 'checking' | 'importing', done: number, total: number): void;
}

/** A table row's item identity: the hash of its feature cells as stored (JSON, label left out). */
export function rowHash(featuresJson: string): string {
  return crypto.createHash('sha256').update(featuresJson).digest('hex');
}

/**
 * Reads a table file in two streamed passes and leaves its rows in a staging file, ready for
 * DatasetRepo.addStagedVersion. Pass 1 checks every line and infers the column types (which the
 * version hash and the cell conversion need before any row is written); pass 2 converts, hashes
 * and stages the rows. Memory stays bounded whatever the file's size.
 */
export async function stageTable(file: string, opts: TableImportOptions): Promise<{ staging: StagingFile; version: VersionHeader }> {
  const format = tableFormat(file);
  const profile = new TableProfile();
  const names = await streamTable(file, format, {
    row: (cells) => profile.add(cells),
    progress: (done, total) => opts.onProgress?.('checking', done, total),
  });
  const labelColumn = chooseLabelColumn(file, names, format === 'lines' || opts.unlabeled === true ? null : opts.labelColumn);
  const labelIndex = labelColumn === null ? -1 : names.indexOf(labelColumn);
  const profiled = profile.columns(names, { textColumns: format === 'lines' ? [0] : [], categoricalColumns: labelIndex < 0 ? [] : [labelIndex] });
  // Columns past the in-memory distinct cap are counted after the pass: numbers by sorting a
  // spill file, text in the staging file. The label's distinct values are its classes.
  const overflow = profiled.flatMap((c, i) => (c.distinct === null && i !== labelIndex ? [i] : []));
  const spilled = overflow.filter((i) => profiled[i].type === 'numeric');
  const counted = overflow.filter((i) => profiled[i].type !== 'numeric');

  const hasher = new VersionHasher({ kind: 'tabular', columns: profiled, labelColumn });
  const labels = new Set<string>();
  const staging = new StagingFile(opts.stagingDir, counted.length);
  const spills = spilled.map(() => new NumberSpill(opts.stagingDir));
  try {
    await streamTable(file, format, {
      row(cells) {
        const typed = profiled.map((c, i) => toCell(cells[i], c.type));
        const data = JSON.stringify(labelIndex < 0 ? typed : typed.filter((_, i) => i !== labelIndex));
        const hash = rowHash(data);
        const cell = labelIndex < 0 ? null : typed[labelIndex];
        const label = cell === null ? null : String(cell);
        if (label !== null) labels.add(label);
        hasher.add(hash, label);
        staging.add(hash, data, label, counted.map((i) => typed[i]));
        for (let k = 0; k < spilled.length; k++) {
          const v = typed[spilled[k]];
          if (v !== null) spills[k].add(v as number);
        }
      },
      progress: (done, total) => opts.onProgress?.('importing', done, total),
    });
    if (staging.rows !== profile.rows) throw new UserError(`${file}: the file changed while it was being imported; import it again`);
    const exactText = staging.distinctCounts();
    const columns = finishColumns(profiled, (i) => (i === labelIndex ? labels.size : spilled.includes(i) ? spills[spilled.indexOf(i)].distinct() : exactText[counted.indexOf(i)]));
    const numericLabel = labelIndex >= 0 && columns[labelIndex].type === 'numeric';
    const version = { kind: 'tabular' as const, columns, labelColumn, classes: sortClasses(labels, numericLabel), source: file, rows: staging.rows, hash: hasher.digest() };
    return { staging, version };
  } catch (err) {
    staging.remove();
    throw err;
  } finally {
    for (const spill of spills) spill.remove();
  }
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
