import { UserError } from '../errors';
import { TableProfile, type ProfiledColumn } from './column-types';
import { streamTable, type TableFormat } from './csv-parse';

const LABEL_NAMES = ['label', 'target', 'class', 'y'];

/** What a pass over a table (or its first rows) found: its columns typed, its label, its rows. */
export interface TableScan {
  names: string[];
  labelColumn: string | null;
  columns: ProfiledColumn[];
  rows: number;
  /** False for a scan of the first rows only. */
  whole: boolean;
}

/** The label asked for: a column name, undefined to choose one, null for none. */
export type LabelRequest = string | undefined | null;

/**
 * Checks every line of a table file and types its columns: the pass an import makes before
 * converting rows (in a worker thread beside that conversion, see profile-aside.ts).
 */
export async function profileTable(
  file: string,
  format: TableFormat,
  label: LabelRequest,
  countDir: string,
  progress?: (done: number, total: number) => void,
): Promise<TableScan> {
  const profile = new TableProfile({ textColumns: format === 'lines' ? [0] : [], countDir });
  try {
    const names = await streamTable(file, format, { row: (cells) => profile.add(cells), progress });
    return scanOf(file, format, label, names, profile, true);
  } finally {
    profile.close();
  }
}

class Enough extends Error {}

/** The same for the first `rows` rows of a CSV (all of them in a shorter file: then `whole`). */
export async function sampleTable(file: string, label: LabelRequest, rows: number): Promise<TableScan> {
  const profile = new TableProfile();
  let names: string[] = [];
  let whole = true;
  try {
    await streamTable(file, 'csv', {
      header: (header) => (names = header),
      row(cells) {
        profile.add(cells);
        if (profile.rows === rows) throw new Enough();
      },
    });
  } catch (err) {
    if (!(err instanceof Enough)) throw err;
    whole = false;
  }
  return scanOf(file, 'csv', label, names, profile, whole);
}

function scanOf(file: string, format: TableFormat, label: LabelRequest, names: string[], profile: TableProfile, whole: boolean): TableScan {
  const labelColumn = chooseLabelColumn(file, names, format === 'lines' ? null : label);
  const labelIndex = labelColumn === null ? -1 : names.indexOf(labelColumn);
  const columns = profile.columns(names, labelIndex < 0 ? [] : [labelIndex]);
  return { names, labelColumn, columns, rows: profile.rows, whole };
}

/** The named column, else label/target/class/y, else the last column; null for no label. */
function chooseLabelColumn(file: string, names: string[], requested: LabelRequest): string | null {
  if (requested === null) return null;
  const chosen = requested ?? names.find((n) => LABEL_NAMES.includes(n.toLowerCase())) ?? names.at(-1) ?? '';
  if (!names.includes(chosen)) throw new UserError(`${file}: no column "${chosen}"; columns are ${names.join(', ')}`);
  if (names.length < 2) throw new UserError(`${file}: needs at least one feature column besides the label; import it unlabeled to label it later`);
  return chosen;
}
