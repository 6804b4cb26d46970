// Tabular preprocessing fitted on the training rows only, saved with the run as JSON so
// evaluation and prediction transform new rows exactly as training did.

export type TabularCell = string | number | null;

export interface TabularColumn {
  name: string;
  /** Only 'numeric' and 'categorical' become features; 'text' and 'image' columns are ignored. */
  type: string;
}

export interface NumericFeature {
  kind: 'numeric';
  name: string;
  /** Position of the column in each row. */
  index: number;
  mean: number;
  /** Population std of the train values; 1 when they are constant, so the feature becomes 0. */
  std: number;
}

export interface CategoricalFeature {
  kind: 'categorical';
  name: string;
  index: number;
  /** Categories seen in train, sorted; anything else (and missing) encodes as all zeros. */
  categories: string[];
}

export type TabularFeature = NumericFeature | CategoricalFeature;

export interface TabularSpec {
  kind: 'tabular';
  features: TabularFeature[];
  /** Number of floats per transformed row. */
  width: number;
  /** Columns left out of the features (text, image), kept so a reader can see why. */
  ignored: string[];
}

/** A number, or null when the cell is missing or not numeric. */
export function numericValue(cell: TabularCell | undefined): number | null {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : null;
  const trimmed = cell.trim();
  if (trimmed === '') return null;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : null;
}

function categoryValue(cell: TabularCell | undefined): string | null {
  if (cell === null || cell === undefined) return null;
  const s = typeof cell === 'number' ? String(cell) : cell.trim();
  return s === '' ? null : s;
}

/**
 * Fits a TabularSpec in two passes over the training rows (sums, then squared deviations), so a
 * caller can stream rows it never holds all at once: feed every row to `first`, call `second`
 * for every row again, then `spec()`.
 */
export class TabularFitter {
  private readonly sums: number[];
  private readonly counts: number[];
  private readonly squares: number[];
  private readonly seen: (Set<string> | null)[];
  private means: number[] | null = null;

  constructor(private readonly columns: TabularColumn[]) {
    this.sums = columns.map(() => 0);
    this.counts = columns.map(() => 0);
    this.squares = columns.map(() => 0);
    this.seen = columns.map((c) => (c.type === 'categorical' ? new Set<string>() : null));
  }

  first(row: TabularCell[]): void {
    this.columns.forEach((col, index) => {
      if (col.type === 'numeric') {
        const v = numericValue(row[index]);
        if (v !== null) {
          this.sums[index] += v;
          this.counts[index]++;
        }
      } else if (col.type === 'categorical') {
        const v = categoryValue(row[index]);
        if (v !== null) this.seen[index]!.add(v);
      }
    });
  }

  second(row: TabularCell[]): void {
    this.means ??= this.columns.map((_, i) => (this.counts[i] > 0 ? this.sums[i] / this.counts[i] : 0));
    this.columns.forEach((col, index) => {
      if (col.type !== 'numeric') return;
      const v = numericValue(row[index]);
      if (v !== null) this.squares[index] += (v - this.means![index]) ** 2;
    });
  }

  spec(): TabularSpec {
    const features: TabularFeature[] = [];
    const ignored: string[] = [];
    this.columns.forEach((col, index) => {
      if (col.type === 'numeric') {
        const count = this.counts[index];
        const mean = count > 0 ? this.sums[index] / count : 0;
        const std = count > 0 ? Math.sqrt(this.squares[index] / count) : 0;
        features.push({ kind: 'numeric', name: col.name, index, mean, std: std > 1e-12 ? std : 1 });
      } else if (col.type === 'categorical') {
        features.push({ kind: 'categorical', name: col.name, index, categories: [...this.seen[index]!].sort() });
      } else {
        ignored.push(col.name);
      }
    });
    const width = features.reduce((w, f) => w + (f.kind === 'numeric' ? 1 : f.categories.length), 0);
    return { kind: 'tabular', features, width, ignored };
  }
}

export function fitTabular(columns: TabularColumn[], rows: TabularCell[][]): TabularSpec {
  const fitter = new TabularFitter(columns);
  for (const row of rows) fitter.first(row);
  for (const row of rows) fitter.second(row);
  return fitter.spec();
}

/** Encodes rows one at a time into a row-major Float32Array laid out [rows, spec.width]. */
export class TabularEncoder {
  private readonly lookups: (Map<string, number> | null)[];

  constructor(private readonly spec: TabularSpec) {
    this.lookups = spec.features.map((f) => (f.kind === 'categorical' ? new Map(f.categories.map((c, i) => [c, i] as const)) : null));
  }

  /** Writes `row` as row number `at` of `out` (which starts zeroed). */
  encode(row: TabularCell[], out: Float32Array, at: number): void {
    let offset = at * this.spec.width;
    this.spec.features.forEach((f, fi) => {
      if (f.kind === 'numeric') {
        const v = numericValue(row[f.index]);
        // Missing → train mean, which standardizes to exactly 0.
        out[offset++] = v === null ? 0 : (v - f.mean) / f.std;
      } else {
        const v = categoryValue(row[f.index]);
        const pos = v === null ? undefined : this.lookups[fi]!.get(v);
        if (pos !== undefined) out[offset + pos] = 1;
        offset += f.categories.length;
      }
    });
  }
}

/** Rows in the same column order as at fit time → row-major Float32Array [rows.length, spec.width]. */
export function transformTabular(spec: TabularSpec, rows: TabularCell[][]): Float32Array {
  const out = new Float32Array(rows.length * spec.width);
  const encoder = new TabularEncoder(spec);
  rows.forEach((row, r) => encoder.encode(row, out, r));
  return out;
}
