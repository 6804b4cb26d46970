import type { ColumnInfo, ColumnType } from '../../../shared/domain';
import { DistinctCounter } from './distinct-counter';

// pandas' default NA strings, so a file reads the same here as in a notebook.
const MISSING = new Set([
  '',
  '#N/A',
  '#N/A N/A',
  '#NA',
  '-1.#IND',
  '-1.#QNAN',
  '-NaN',
  '-nan',
  '1.#IND',
  '1.#QNAN',
  '<NA>',
  'N/A',
  'NA',
  'NULL',
  'NaN',
  'None',
  'n/a',
  'nan',
  'null',
]);

/**
 * Distinct values are counted in memory up to this many per column; a column with more is
 * counted on by a DistinctCounter (digests of texts, spilled to disk past a million), so memory stays bounded on any file.
 */
export const DISTINCT_CAP = 20_000;

/**
 * Free text rather than categories: a column of strings whose values average at least this
 * many characters, at least half of which contain whitespace, and at least half of which are
 * distinct (or more than DISTINCT_CAP). Product names and cities stay categorical; reviews,
 * titles and sentences become text, which training ignores and labeling shows whole.
 */
const TEXT_MIN_MEAN_LENGTH = 20;

export type Cell = string | number | null;

/** A column's profile after a pass over the file; `distinct` is null when it passed the cap. */
export interface ProfiledColumn {
  name: string;
  type: ColumnType;
  missing: number;
  distinct: number | null;
}

class ColumnStats {
  numeric = true;
  present = 0;
  lengthSum = 0;
  withSpace = 0;
  values: Set<string> | null = new Set();
  /** Past DISTINCT_CAP, where the profile may write: the exact count goes on here. */
  counter: DistinctCounter | null = null;
  private countsNumbers = false;

  constructor(
    private readonly countDir: string | null,
    private readonly forcedText: boolean,
  ) {}

  add(raw: string): void {
    const t = raw.trim();
    this.present++;
    // A number has no whitespace once trimmed: only other values are looked at for it.
    const canonical = canonicalNumber(t);
    const number = !Number.isNaN(canonical) || Number.isFinite(Number(t));
    if (!number) this.numeric = false;
    this.lengthSum += t.length;
    if (!number && /\s/.test(t)) this.withSpace++;
    if (this.values) {
      this.values.add(t);
      if (this.values.size > DISTINCT_CAP) this.startCounting();
    } else if (this.counter) {
      if (!this.countsNumbers) this.counter.addText(t);
      else if (number) this.counter.addNumber(Number.isNaN(canonical) ? Number(t) : canonical);
      else {
        // Counted as numbers, then a text: the count so far is not this column's any more.
        this.counter.remove();
        this.counter = null;
      }
    }
  }

  private startCounting(): void {
    const values = this.values!;
    this.values = null;
    if (this.countDir === null) return;
    this.counter = new DistinctCounter(this.countDir);
    this.countsNumbers = this.numeric && !this.forcedText;
    for (const v of values) {
      if (this.countsNumbers) this.counter.addNumber(Number(v));
      else this.counter.addText(v);
    }
  }

  /** Distinct typed values: numbers compare as numbers ("1" and "1.0" are one value); null past the cap, uncounted. */
  distinct(): number | null {
    if (this.counter) return this.counter.count();
    if (!this.values) return null;
    return this.numeric && !this.forcedText ? new Set([...this.values].map(Number)).size : this.values.size;
  }

  isText(): boolean {
    if (this.numeric || this.present === 0) return false;
    const mostlyDistinct = this.values === null || this.values.size * 2 >= this.present;
    return this.lengthSum / this.present >= TEXT_MIN_MEAN_LENGTH && this.withSpace * 2 >= this.present && mostlyDistinct;
  }
}

export interface ProfileOptions {
  /** Columns that are text whatever they hold (a text file's one column). */
  textColumns?: number[];
  /** Where columns past DISTINCT_CAP are counted on (DistinctCounter's spills); without it their count is null. */
  countDir?: string;
}

/** Types, missing and distinct counts of a table's columns, fed one row of text cells at a time. */
export class TableProfile {
  private readonly stats: ColumnStats[] = [];
  rows = 0;

  constructor(private readonly opts: ProfileOptions = {}) {}

  /** Cells in column order; a row may be shorter than the columns seen so far (JSON Lines). */
  add(cells: readonly (string | undefined)[]): void {
    this.rows++;
    for (let c = 0; c < cells.length; c++) {
      const raw = cells[c];
      if (raw === undefined || isMissing(raw)) continue;
      (this.stats[c] ??= this.newStats(c)).add(raw);
    }
  }

  /**
   * The columns: numeric when every present cell is a number (and one is present), text by the
   * rule above, else categorical; `categoricalColumns` (the label) never become text.
   */
  columns(names: string[], categoricalColumns: number[] = []): ProfiledColumn[] {
    return names.map((name, c) => {
      const s = this.stats[c] ?? this.newStats(c);
      const type: ColumnType = this.opts.textColumns?.includes(c)
        ? 'text'
        : s.numeric && s.present > 0
          ? 'numeric'
          : !categoricalColumns.includes(c) && s.isText()
            ? 'text'
            : 'categorical';
      return { name, type, missing: this.rows - s.present, distinct: s.distinct() };
    });
  }

  /** Removes the counters' spills. */
  close(): void {
    for (const s of this.stats) s?.counter?.remove();
  }

  private newStats(c: number): ColumnStats {
    return new ColumnStats(this.opts.countDir ?? null, this.opts.textColumns?.includes(c) ?? false);
  }
}

/**
 * First characters of the NA strings: a value starting with any other printable ASCII character
 * is present, found without trimming it (trim also takes Unicode spaces, hence ASCII only).
 */
const MISSING_FIRST = new Set([...MISSING].map((m) => m.charCodeAt(0)));

export function isMissing(v: string | undefined): boolean {
  if (v === undefined) return true;
  const first = v.charCodeAt(0);
  if (first > 32 && first < 127 && !MISSING_FIRST.has(first)) return false;
  return MISSING.has(v.trim());
}

/** A text cell as stored: null when missing, a number in a numeric column, else trimmed text. */
export function toCell(raw: string | undefined, type: ColumnType): Cell {
  if (raw === undefined || isMissing(raw)) return null;
  return type === 'numeric' ? Number(raw) : raw.trim();
}

/** Columns as stored, once every distinct count is known. */
export function finishColumns(columns: ProfiledColumn[], exact: (index: number) => number): ColumnInfo[] {
  return columns.map((c, i) => ({ name: c.name, type: c.type, missing: c.missing, distinct: c.distinct ?? exact(i) }));
}

const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
/** Doubles tell apart every decimal of up to this many significant digits, so those print back as written. */
const EXACT_DIGITS = 15;
/** Zeros after "0." before a number prints with an exponent (1e-7 does, 0.000001 does not). */
const MAX_LEADING_ZEROS = 5;
const POWERS_OF_TEN = Array.from({ length: EXACT_DIGITS + MAX_LEADING_ZEROS + 2 }, (_, i) => 10 ** i);

/**
 * The number `s` holds when `s` is exactly what JSON.stringify prints for it (an optional minus,
 * no leading zeros, no exponent, no trailing zeros after the point, at most 15 significant digits,
 * at least 1e-6), else NaN. Such a text is an integer below 2^53 over a power of ten up to 10^22,
 * both exact doubles, and IEEE division rounds correctly: the quotient is Number(s), found without
 * Number's general parser (Clinger's fast path).
 */
export function canonicalNumber(s: string): number {
  const n = s.length;
  let i = 0;
  if (n === 0) return NaN;
  const negative = s.charCodeAt(0) === MINUS;
  if (negative) {
    i = 1;
    if (n === 1) return NaN;
  }
  let c = s.charCodeAt(i);
  let digits = 0;
  let mantissa = 0;
  let fraction = 0;
  if (c === ZERO) {
    i++;
    // "0" is; "-0" prints as "0"; "01" is not how a number prints.
    if (i === n) return negative ? NaN : 0;
    if (s.charCodeAt(i) !== DOT) return NaN;
    i++;
    while (i < n && s.charCodeAt(i) === ZERO) {
      fraction++;
      i++;
    }
    if (fraction > MAX_LEADING_ZEROS || i === n) return NaN;
  } else if (c > ZERO && c <= NINE) {
    while (i < n) {
      c = s.charCodeAt(i);
      if (c < ZERO || c > NINE) break;
      mantissa = mantissa * 10 + (c - ZERO);
      digits++;
      i++;
    }
    if (i === n) return digits <= EXACT_DIGITS ? (negative ? -mantissa : mantissa) : NaN;
    if (c !== DOT || ++i === n) return NaN;
  } else {
    return NaN;
  }
  let last = 0;
  for (; i < n; i++) {
    last = s.charCodeAt(i);
    if (last < ZERO || last > NINE) return NaN;
    mantissa = mantissa * 10 + (last - ZERO);
    digits++;
    fraction++;
  }
  if (last === ZERO || digits > EXACT_DIGITS) return NaN;
  const value = mantissa / POWERS_OF_TEN[fraction];
  return negative ? -value : value;
}
