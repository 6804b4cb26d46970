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

export function fitTabular(columns: TabularColumn[], rows: TabularCell[][]): TabularSpec {
  const features: TabularFeature[] = [];
  const ignored: string[] = [];
  columns.forEach((col, index) => {
    if (col.type === 'numeric') {
      let sum = 0;
      let count = 0;
      for (const row of rows) {
        const v = numericValue(row[index]);
        if (v !== null) {
          sum += v;
          count++;
        }
      }
      const mean = count > 0 ? sum / count : 0;
      let sq = 0;
      for (const row of rows) {
        const v = numericValue(row[index]);
        if (v !== null) sq += (v - mean) ** 2;
      }
      const std = count > 0 ? Math.sqrt(sq / count) : 0;
      features.push({ kind: 'numeric', name: col.name, index, mean, std: std > 1e-12 ? std : 1 });
    } else if (col.type === 'categorical') {
      const seen = new Set<string>();
      for (const row of rows) {
        const v = categoryValue(row[index]);
        if (v !== null) seen.add(v);
      }
      features.push({ kind: 'categorical', name: col.name, index, categories: [...seen].sort() });
    } else {
      ignored.push(col.name);
    }
  });
  const width = features.reduce((w, f) => w + (f.kind === 'numeric' ? 1 : f.categories.length), 0);
  return { kind: 'tabular', features, width, ignored };
}

/** Rows in the same column order as at fit time → row-major Float32Array [rows.length, spec.width]. */
export function transformTabular(spec: TabularSpec, rows: TabularCell[][]): Float32Array {
  const out = new Float32Array(rows.length * spec.width);
  const lookups = spec.features.map((f) =>
    f.kind === 'categorical' ? new Map(f.categories.map((c, i) => [c, i] as const)) : null,
  );
  rows.forEach((row, r) => {
    let offset = r * spec.width;
    spec.features.forEach((f, fi) => {
      if (f.kind === 'numeric') {
        const v = numericValue(row[f.index]);
        // Missing → train mean, which standardizes to exactly 0.
        out[offset++] = v === null ? 0 : (v - f.mean) / f.std;
      } else {
        const v = categoryValue(row[f.index]);
        const pos = v === null ? undefined : lookups[fi]!.get(v);
        if (pos !== undefined) out[offset + pos] = 1;
        offset += f.categories.length;
      }
    });
  });
  return out;
}
