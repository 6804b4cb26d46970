// Display helpers for the dataset page: pure, so unit tests cover them without a DOM.

import { joinPath } from '../../lib/paths';

/** 0.125 → "12.5%"; null/NaN (nothing to measure yet) → "—". */
export function formatShare(x: number | null | undefined, digits = 1): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return `${+(x * 100).toFixed(digits)}%`;
}

/** Profile statistics: whole numbers as they are, others to 4 significant digits, huge/tiny in exponent form. */
export function formatStat(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  if (Number.isInteger(x) && Math.abs(x) < 1e9) return String(x);
  const abs = Math.abs(x);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e6)) return x.toExponential(2);
  return String(+x.toPrecision(4));
}

/** Agreement coefficients (kappa, alpha) to three decimals; null when too few labels to say. */
export function formatCoefficient(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return x.toFixed(3);
}

/** Bin labels for a histogram: "4.3–4.7" for each pair of neighbouring edges. */
export function histogramLabels(edges: readonly number[]): string[] {
  return edges.slice(1).map((hi, i) => `${formatStat(edges[i])}–${formatStat(hi)}`);
}

const FINDING_TITLES: Record<string, string> = {
  missing: 'Missing values',
  duplicates: 'Exact duplicates',
  conflicting_labels: 'Duplicates with conflicting labels',
  class_imbalance: 'Class imbalance',
  outliers: 'Numeric outliers',
  near_duplicates: 'Near-duplicate images',
  constant_column: 'Constant column',
  label_errors: 'Likely label errors',
};

/** A finding's heading; kinds this page does not know yet (added by the core later) still read well. */
export function findingTitle(kind: string): string {
  if (FINDING_TITLES[kind]) return FINDING_TITLES[kind];
  const words = kind.replace(/[_-]+/g, ' ').trim();
  return words ? words[0].toUpperCase() + words.slice(1) : 'Finding';
}

/** The first `max` positions and how many more there are, for a finding's row list. */
export function previewPositions(rows: readonly number[] | null | undefined, max: number): { shown: number[]; more: number } {
  const list = Array.isArray(rows) ? rows : [];
  return { shown: list.slice(0, max), more: Math.max(0, list.length - max) };
}

/** "1 row", "3 rows", "2 classes". */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? word : many}`;
}

export type ExportFormat = 'csv' | 'jsonl' | 'coco' | 'yolo';

/** What the picker fills in: a file for the row formats, a folder of its own for COCO/YOLO. */
export function exportTarget(folder: string, dataset: string, version: number, format: ExportFormat): string {
  const base = `${dataset.replace(/[^A-Za-z0-9_.-]+/g, '_')}-v${version}`;
  return joinPath(folder, format === 'csv' || format === 'jsonl' ? `${base}.${format}` : `${base}-${format}`);
}
