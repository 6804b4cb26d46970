// Class labels: sklearn's unique_labels order and integer encoding.

export type Label = string | number | boolean;

/** Sorted like numpy sorts them: numbers numerically, strings by code point (mixed: numbers first). */
export function compareLabels(a: Label, b: Label): number {
  if (typeof a === typeof b) return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return String(a) < String(b) ? -1 : 1;
}

/** A binary model's positive class: the second in sorted order (sklearn's pos_label for 0/1, "no"/"yes"); null with more classes. */
export function binaryPositive<T extends Label>(classes: readonly T[]): T | null {
  return classes.length === 2 ? ([...classes].sort(compareLabels)[1] ?? null) : null;
}

/** Sorted union of the labels in the arrays (sklearn.utils.multiclass.unique_labels). */
export function uniqueLabels(...arrays: ReadonlyArray<ArrayLike<Label>>): Label[] {
  const seen = new Set<Label>();
  for (const a of arrays) for (let i = 0; i < a.length; i++) seen.add(a[i]);
  return [...seen].sort(compareLabels);
}

/** Codes of `values` in `labels` (-1 for a value not among them). */
export function encodeLabels(values: ArrayLike<Label>, labels: ReadonlyArray<Label>): Int32Array {
  const index = new Map<Label, number>();
  labels.forEach((l, i) => index.set(l, i));
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = index.get(values[i]) ?? -1;
  return out;
}

/** A matrix of class probabilities: rows of per-class values, or row-major data with its column count. */
export type ProbabilityMatrix = ReadonlyArray<ArrayLike<number>> | { data: ArrayLike<number>; columns: number };

/** The matrix as one Float64Array per column. */
export function probabilityColumns(p: ProbabilityMatrix): Float64Array[] {
  if ('data' in p && 'columns' in p && !Array.isArray(p)) {
    const { data, columns } = p as { data: ArrayLike<number>; columns: number };
    const n = Math.floor(data.length / columns);
    const cols = Array.from({ length: columns }, () => new Float64Array(n));
    for (let i = 0, o = 0; i < n; i++) for (let c = 0; c < columns; c++, o++) cols[c][i] = data[o];
    return cols;
  }
  const rows = p as ReadonlyArray<ArrayLike<number>>;
  const k = rows.length ? rows[0].length : 0;
  const cols = Array.from({ length: k }, () => new Float64Array(rows.length));
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    for (let c = 0; c < k; c++) cols[c][i] = r[c];
  }
  return cols;
}
