import type { TimelineSeries } from '../../../shared/api/calls/monitoring';
import {
  argmax,
  columnDrift,
  confusionFromCodes,
  reportFromConfusion,
  rocAucScore,
  type CategoricalColumnInput,
  type DriftColumnInput,
  type NumericColumnInput,
  type StatTestName,
} from '../../../shared/stats';
import type { Cell } from '../datasets/csv-parse';
import type { TableData } from './drift-service';
import { predictionColumns } from './prediction-columns';

/** A feature column of both tables, by its position in each (`ri` reference, `ci` current). */
export interface Feature {
  name: string;
  type: string;
  ri: number;
  ci: number;
}

export interface Realized {
  accuracy: number;
  f1: number;
  rocAuc: number;
}

export interface ChunkStats {
  values: Partial<Record<TimelineSeries, number>>;
  columns: Record<string, number>;
  driftedColumns: string[];
  datasetDrift: boolean;
  predictionDrift: boolean;
  realized: Realized | null;
  labelled: number;
  estimatedAccuracy: number;
}

/** What every chunk is tested against: the whole reference's features, labels and predictions. */
export interface Baseline {
  classes: readonly string[];
  positive: number | null;
  label: string | null;
  /** Each feature with its whole reference column (as a drift input whose current side each chunk fills). */
  columns: { feature: Feature; reference: NumericColumnInput | CategoricalColumnInput }[];
  /** The reference's labels; null when it has no label column. */
  target: (string | null)[] | null;
  predictions: ReturnType<typeof predictionColumns>;
  shareThreshold: number;
}

/** A table with its model outputs: class probabilities and CBPE's expected accuracy per row. */
export interface ScoredTable {
  table: TableData;
  probs: number[][];
  expected: Float64Array;
  /** Where the label column is in this table; -1 when it has none. */
  labelAt: number;
  side: 'reference' | 'current';
}

function cell(rows: readonly Cell[][], row: number, at: number): Cell {
  return rows[row]?.[at] ?? null;
}

function numeric(rows: readonly Cell[][], at: number, pick: readonly number[]): Float64Array {
  const out: number[] = [];
  for (const i of pick) {
    const v = cell(rows, i, at);
    if (typeof v === 'number' && Number.isFinite(v)) out.push(v);
  }
  return Float64Array.from(out);
}

function categorical(rows: readonly Cell[][], at: number, pick: readonly number[]): (string | null)[] {
  return pick.map((i) => {
    const v = cell(rows, i, at);
    return v === null ? null : String(v);
  });
}

/** The entries of `values` at `rows` (all in range: rows index the table the values came from). */
function pick<T>(values: readonly T[], rows: readonly number[]): T[] {
  return rows.flatMap((i) => {
    const v = values[i];
    return v === undefined ? [] : [v];
  });
}

export function referenceBaseline(
  reference: TableData,
  refProbs: number[][],
  features: readonly Feature[],
  b: Omit<Baseline, 'columns' | 'target' | 'predictions'>,
): Baseline {
  const all = reference.rows.map((_, i) => i);
  const labelAt = b.label === null ? -1 : reference.columns.findIndex((c) => c.name === b.label);
  return {
    ...b,
    columns: features.map((feature) => ({
      feature,
      reference:
        feature.type === 'numeric'
          ? { name: feature.name, type: 'numeric', reference: numeric(reference.rows, feature.ri, all), current: [] }
          : { name: feature.name, type: 'categorical', reference: categorical(reference.rows, feature.ri, all), current: [] },
    })),
    target: labelAt < 0 ? null : categorical(reference.rows, labelAt, all),
    predictions: predictionColumns(b.classes, b.positive, refProbs, []),
  };
}

/** Accuracy, F1 and ROC AUC of the labelled rows of a chunk. */
export function realized(yTrue: readonly string[], probs: readonly number[][], classes: readonly string[], positive: number | null): Realized {
  // A label outside the model's classes (code -1) is left out of the matrix but counts as a miss.
  const truth = yTrue.map((y) => classes.indexOf(y));
  const predicted = probs.map((p) => argmax(p));
  const right = truth.reduce((n, t, i) => n + (t >= 0 && t === predicted[i] ? 1 : 0), 0);
  // F1 as sklearn's f1_score with zero_division=0: of the positive class, or macro over every class.
  const report = reportFromConfusion({ labels: [...classes], matrix: confusionFromCodes(truth, predicted, classes.length) }, 0);
  const f1 = positive !== null ? (report.f1[positive] ?? NaN) : report.macro.f1;
  let rocAuc = NaN;
  if (positive !== null) {
    const y01 = Uint8Array.from(yTrue, (y) => (y === classes[positive] ? 1 : 0));
    if (y01.some((v) => v === 1) && y01.some((v) => v === 0))
      rocAuc = rocAucScore(
        y01,
        Float64Array.from(probs, (p) => p[positive] ?? NaN),
        1,
      );
  }
  return { accuracy: yTrue.length ? right / yTrue.length : NaN, f1, rocAuc };
}

/**
 * One chunk's data drift (each feature against the whole reference), prediction drift, target
 * drift and realized performance where labelled, and CBPE's estimated accuracy. The test each
 * column and series used goes into `tests` (the bands' side depends on it).
 */
export function chunkStats(b: Baseline, s: ScoredTable, rows: readonly number[], tests: Record<string, StatTestName>): ChunkStats {
  const { table } = s;
  const columns: Record<string, number> = {};
  const driftedColumns: string[] = [];
  for (const { feature: f, reference } of b.columns) {
    const at = s.side === 'reference' ? f.ri : f.ci;
    const input: DriftColumnInput =
      reference.type === 'numeric' ? { ...reference, current: numeric(table.rows, at, rows) } : { ...reference, current: categorical(table.rows, at, rows) };
    if ((input.type === 'numeric' && input.current.length === 0) || (input.type === 'categorical' && input.current.every((v) => v === null))) continue;
    const r = columnDrift(input, { histogram: false });
    tests[f.name] = r.test;
    columns[f.name] = r.score;
    if (r.drifted) driftedColumns.push(f.name);
  }
  const n = Object.keys(columns).length;
  const share = n ? driftedColumns.length / n : 0;
  const p = predictionColumns(b.classes, b.positive, [], pick(s.probs, rows));
  const cls = columnDrift({ ...p.cls, reference: b.predictions.cls.reference }, { histogram: false });
  const score = columnDrift({ ...p.score, reference: b.predictions.score.reference }, { histogram: false });
  const values: Partial<Record<TimelineSeries, number>> = { drift_share: share, predicted_class: cls.score, prediction_score: score.score };
  let real: Realized | null = null;
  let labelled = 0;
  if (s.labelAt >= 0 && b.target && b.label !== null) {
    const keep = rows.filter((i) => cell(table.rows, i, s.labelAt) !== null);
    labelled = keep.length;
    if (keep.length) {
      const y = keep.map((i) => String(cell(table.rows, i, s.labelAt)));
      real = realized(y, pick(s.probs, keep), b.classes, b.positive);
      values.accuracy = real.accuracy;
      values.f1 = real.f1;
      if (b.positive !== null) values.roc_auc = real.rocAuc;
      const t = columnDrift({ name: b.label, type: 'categorical', reference: b.target, current: y }, { histogram: false });
      values.target = t.score;
      tests[`target:${b.label}`] = t.test;
    }
  }
  let e = 0;
  for (const i of rows) e += s.expected[i] ?? 0;
  const estimatedAccuracy = rows.length ? e / rows.length : NaN;
  values.estimated_accuracy = estimatedAccuracy;
  tests['prediction'] = cls.test;
  tests['prediction_score'] = score.test;
  return {
    values,
    columns,
    driftedColumns,
    datasetDrift: n > 0 && share >= b.shareThreshold,
    predictionDrift: cls.drifted || score.drifted,
    realized: real,
    labelled,
    estimatedAccuracy,
  };
}
