import type { DriftReportResult } from '../../../shared/api/calls/monitoring';

export type ColumnDriftResult = DriftReportResult['columns'][number];

// Turning a drift report's per-column overlay data into chart-ready bars.

/** Drifted columns first (the ones to look at), report order kept within each group. */
export function driftedFirst<T extends { drifted: boolean }>(columns: T[]): T[] {
  return [...columns.filter((c) => c.drifted), ...columns.filter((c) => !c.drifted)];
}

export interface Overlay {
  kind: 'histogram' | 'categories';
  labels: string[];
  /** Share of each sample per bin or category, so a 30k-row reference and a 3k-row current compare. */
  reference: number[];
  current: number[];
}

/** Past this many categories the bars become unreadable; the rest are summed into "other". */
export const MAX_CATEGORIES = 20;

export function overlayOf(column: Pick<ColumnDriftResult, 'histogram' | 'categories'>, maxCategories = MAX_CATEGORIES): Overlay | null {
  const h = column.histogram;
  if (h) {
    const labels = h.referenceShare.map((_, i) => `${shortNumber(h.edges[i])}–${shortNumber(h.edges[i + 1])}`);
    return { kind: 'histogram', labels, reference: h.referenceShare, current: h.currentShare };
  }
  const c = column.categories;
  if (!c) return null;
  const share = (counts: number[]) => {
    const total = counts.reduce((a, b) => a + b, 0) || 1;
    return counts.map((n) => n / total);
  };
  const ref = share(c.reference);
  const cur = share(c.current);
  const order = c.categories.map((_, i) => i);
  if (order.length <= maxCategories) return { kind: 'categories', labels: c.categories.map(String), reference: ref, current: cur };
  // Keep the categories that weigh most in either sample, in their original (sorted) order.
  const kept = new Set([...order].sort((a, b) => Math.max(ref[b], cur[b]) - Math.max(ref[a], cur[a])).slice(0, maxCategories - 1));
  const idx = order.filter((i) => kept.has(i));
  const rest = (s: number[]) => order.reduce((sum, i) => (kept.has(i) ? sum : sum + s[i]), 0);
  return {
    kind: 'categories',
    labels: [...idx.map((i) => String(c.categories[i])), 'other'],
    reference: [...idx.map((i) => ref[i]), rest(ref)],
    current: [...idx.map((i) => cur[i]), rest(cur)],
  };
}

/** Bin edges as axis labels: 3 significant digits, no trailing zeros. */
export function shortNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const abs = Math.abs(x);
  if (abs !== 0 && (abs >= 1e6 || abs < 1e-3)) return x.toExponential(1);
  return String(+x.toPrecision(3));
}

/** A test's score with its kind: p-values and distances read differently. */
export function describeScore(c: Pick<ColumnDriftResult, 'score' | 'scoreKind' | 'threshold'>): string {
  const op = c.scoreKind === 'p_value' ? 'p' : 'd';
  return `${op} = ${c.score < 1e-4 && c.score > 0 ? c.score.toExponential(2) : c.score.toFixed(4)}`;
}
