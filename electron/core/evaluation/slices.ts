import type { Slice, SliceReport } from '../../../shared/api/calls/evaluation';
import type { Cell } from '../datasets/csv-parse';
import type { EvalData } from './eval-data';
import { subsetMetrics, type Probabilities } from './metrics';

/** Categories beyond this many (by count) are not sliced: an id-like column would give one slice per row. */
const MAX_CATEGORIES = 30;
const WORST = 10;
const MISSING = '(missing)';

export interface SliceOptions {
  minCount: number;
  bins: number;
}

/** numpy.quantile with linear interpolation over an ascending array. */
function quantile(sorted: number[], q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Row groups of one column: categories as they are, numbers in quantile bins (pandas qcut, duplicates dropped). */
function groupsOf(cells: Cell[], numeric: boolean, bins: number): { value: string; range?: [number, number]; rows: number[] }[] {
  const nums = numeric ? cells.filter((c): c is number => typeof c === 'number').sort((a, b) => a - b) : [];
  const distinct = new Set(nums).size;
  if (numeric && distinct > bins) {
    const edges = [...new Set(Array.from({ length: bins + 1 }, (_, i) => quantile(nums, i / bins)))];
    const groups = edges.slice(0, -1).map((lo, b) => ({
      value: `[${fmt(lo)}, ${fmt(edges[b + 1])}${b === edges.length - 2 ? ']' : ')'}`,
      range: [lo, edges[b + 1]] as [number, number],
      rows: [] as number[],
    }));
    const missing: number[] = [];
    cells.forEach((c, i) => {
      if (typeof c !== 'number') return void missing.push(i);
      let b = 0;
      while (b < groups.length - 1 && c >= edges[b + 1]) b++;
      groups[b].rows.push(i);
    });
    // Interpolated edges can leave a bin with no row (a small test split): there is nothing to score there.
    const filled = groups.filter((g) => g.rows.length > 0);
    return missing.length ? [...filled, { value: MISSING, rows: missing }] : filled;
  }
  const byValue = new Map<string, number[]>();
  cells.forEach((c, i) => {
    const key = c === null ? MISSING : String(c);
    let rows = byValue.get(key);
    if (!rows) byValue.set(key, (rows = []));
    rows.push(i);
  });
  return [...byValue.entries()]
    .sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1))
    .slice(0, MAX_CATEGORIES)
    .map(([value, rows]) => ({ value, rows }));
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(6)));
}

/** Core metrics per value (or quantile bin) of every column but the label; the worst big-enough slices first. */
export function sliceReport(data: EvalData, probs: Probabilities, classes: string[], positiveIndex: number | null, o: SliceOptions): SliceReport {
  const columns: SliceReport['columns'] = [];
  data.table.columns.forEach((col, ci) => {
    if (col.name === data.labelColumn || (col.type !== 'numeric' && col.type !== 'categorical')) return;
    const cells = data.rowIndex.map((r) => data.table.rows[r][ci]);
    const numeric = col.type === 'numeric';
    const slices: Slice[] = groupsOf(cells, numeric, o.bins).map((g) => ({
      column: col.name,
      value: g.value,
      ...(g.range && { range: g.range }),
      ...subsetMetrics(data.yTrue, probs, classes, g.rows, positiveIndex),
    }));
    columns.push({ column: col.name, kind: numeric ? 'numeric' : 'categorical', slices });
  });
  const worst = columns
    .flatMap((c) => c.slices)
    .filter((s) => s.count >= o.minCount)
    .sort((a, b) => a.accuracy - b.accuracy || b.count - a.count)
    .slice(0, WORST);
  return { minCount: o.minCount, bins: o.bins, columns, worst };
}
