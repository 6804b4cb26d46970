import { UserError } from '../errors';
import type { TableData } from './drift-service';
import { parseTime } from './time-cell';

/** Rows of the current table (by position) that one timeline point summarises. */
export interface Chunk {
  key: string;
  rows: number[];
  from: number | null;
  to: number | null;
}

export interface ChunkOptions {
  timestamp?: string;
  period?: 'day' | 'week' | 'month';
  chunkSize?: number;
  chunks?: number;
}

function periodKey(t: number, period: 'day' | 'week' | 'month'): string {
  const d = new Date(t);
  if (period === 'month') return d.toISOString().slice(0, 7);
  if (period === 'week') {
    const monday = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - ((d.getUTCDay() + 6) % 7)));
    return monday.toISOString().slice(0, 10);
  }
  return d.toISOString().slice(0, 10);
}

/** Consecutive runs of `size` rows; a last run under half a chunk joins the one before. */
export function bySize(rows: number[], size: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  const last = out[out.length - 1];
  const before = out[out.length - 2];
  if (last && before && last.length < size / 2) {
    out.pop();
    out[out.length - 1] = before.concat(last);
  }
  return out;
}

function byCount(rows: number[], n: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < n; i++) {
    const part = rows.slice(Math.floor((i * rows.length) / n), Math.floor(((i + 1) * rows.length) / n));
    if (part.length) out.push(part);
  }
  return out;
}

/** The current table's rows in chunks: by calendar period or size in time order with a timestamp, else in the data's order. */
export function chunkTable(t: TableData, o: ChunkOptions): { chunks: Chunk[]; dropped: number; by: 'size' | 'count' | 'period' } {
  if (o.period && !o.timestamp) throw new UserError('Grouping by period needs a timestamp column', 'invalid_input', 'timestamp');
  if (o.period && o.chunkSize) throw new UserError('Chunk by period or by chunk size, not both', 'invalid_input', 'period');
  let order = t.rows.map((_, i) => i);
  // With a timestamp, rows in time order; rows whose time doesn't read are dropped.
  let timed: { row: number; time: number }[] = [];
  let timeOf: (row: number | undefined) => number | null = () => null;
  if (o.timestamp) {
    const at = t.columns.findIndex((c) => c.name === o.timestamp);
    if (at < 0) throw new UserError(`${t.label} has no column "${o.timestamp}" (columns: ${t.columns.map((c) => c.name).join(', ')})`);
    timed = t.rows.flatMap((r, row) => {
      const time = parseTime(r[at] ?? null);
      return time === null ? [] : [{ row, time }];
    });
    timed.sort((a, b) => a.time - b.time || a.row - b.row);
    if (timed.length === 0) throw new UserError(`${t.label}: no readable time in "${o.timestamp}"`);
    order = timed.map((e) => e.row);
    const times = new Map(timed.map((e) => [e.row, e.time] as const));
    timeOf = (row) => (row === undefined ? null : (times.get(row) ?? null));
  }
  const dropped = t.rows.length - order.length;
  const span = (rows: number[]) => ({ from: timeOf(rows[0]), to: timeOf(rows[rows.length - 1]) });
  if (o.period) {
    const groups = new Map<string, number[]>();
    for (const { row, time } of timed) {
      const k = periodKey(time, o.period);
      const group = groups.get(k);
      if (group) group.push(row);
      else groups.set(k, [row]);
    }
    return { chunks: [...groups].map(([key, rows]) => ({ key, rows, ...span(rows) })), dropped, by: 'period' };
  }
  const parts = o.chunkSize ? bySize(order, o.chunkSize) : byCount(order, o.chunks ?? 10);
  let start = 0;
  const chunks = parts.map((rows) => {
    const key = `[${start}, ${start + rows.length})`;
    start += rows.length;
    return { key, rows, ...span(rows) };
  });
  return { chunks, dropped, by: o.chunkSize ? 'size' : 'count' };
}
