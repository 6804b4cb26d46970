import type { Cell } from '../datasets/csv-parse';

/** A cell as epoch milliseconds: a date string, or a number in seconds (or, past 1e11, ms). */
export function parseTime(v: Cell): number | null {
  if (v === null) return null;
  if (typeof v === 'number') return v > 1e11 ? v : v * 1000;
  const t = Date.parse(String(v));
  return Number.isFinite(t) ? t : null;
}
