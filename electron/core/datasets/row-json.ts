import type { ColumnType } from '../../../shared/domain';
import { toCell } from './column-types';

/**
 * The stored row of `cells` at `columns`: exactly JSON.stringify of their cells (toCell), which
 * the item hashes are taken over. A number already written the way JavaScript prints it is copied
 * as it is; printing a double back is most of what stringifying a numeric table costs.
 */
export function rowJson(cells: readonly (string | undefined)[], columns: readonly number[], types: readonly ColumnType[]): string {
  const parts = new Array<string>(columns.length);
  for (let k = 0; k < columns.length; k++) {
    const raw = cells[columns[k]];
    if (raw !== undefined && types[columns[k]] === 'numeric' && isCanonicalNumber(raw)) parts[k] = raw;
    else parts[k] = JSON.stringify(toCell(raw, types[columns[k]]));
  }
  return `[${parts.join(',')}]`;
}

const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
/** Doubles tell apart every decimal of up to this many significant digits, so those print back as written. */
const EXACT_DIGITS = 15;
/** Zeros after "0." before a number prints with an exponent (1e-7 does, 0.000001 does not). */
const MAX_LEADING_ZEROS = 5;

/**
 * Whether `s` is what JSON.stringify(Number(s)) gives back: an optional minus, no leading zeros,
 * no exponent, no trailing zeros after the point, at most 15 significant digits, at least 1e-6.
 */
export function isCanonicalNumber(s: string): boolean {
  const n = s.length;
  let i = 0;
  if (n === 0) return false;
  if (s.charCodeAt(0) === MINUS) {
    i = 1;
    if (n === 1) return false;
  }
  let c = s.charCodeAt(i);
  let digits = 0;
  if (c === ZERO) {
    i++;
    // "0" is; "-0" prints as "0"; "01" is not how a number prints.
    if (i === n) return i === 1;
    if (s.charCodeAt(i) !== DOT) return false;
    i++;
    let zeros = 0;
    while (i < n && s.charCodeAt(i) === ZERO) {
      zeros++;
      i++;
    }
    if (zeros > MAX_LEADING_ZEROS || i === n) return false;
  } else if (c > ZERO && c <= NINE) {
    while (i < n) {
      c = s.charCodeAt(i);
      if (c < ZERO || c > NINE) break;
      digits++;
      i++;
    }
    if (i === n) return digits <= EXACT_DIGITS;
    if (c !== DOT || ++i === n) return false;
  } else {
    return false;
  }
  let last = 0;
  for (; i < n; i++) {
    last = s.charCodeAt(i);
    if (last < ZERO || last > NINE) return false;
    digits++;
  }
  return last !== ZERO && digits <= EXACT_DIGITS;
}
