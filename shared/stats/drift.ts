// Column and dataset drift as evidently 0.7.21 computes them (legacy/calculations/data_drift.py and
// stattests/registry.py), with its default test choice (registry._get_default_stattest):
//   reference <= 1000 rows: numeric with > 5 distinct values -> KS p-value (drift when p <= 0.05);
//                           otherwise chi-square (> 2 distinct values) or Z-test (<= 2), drift when p < 0.05.
//   reference  > 1000 rows: numeric with > 5 distinct values -> Wasserstein normed by reference std (>= 0.1);
//                           otherwise Jensen–Shannon distance (>= 0.1).
// Distinct values are counted over both samples together; missing and infinite values are dropped first
// (get_one_column_drift). The dataset drifts when the drifted share of all tested columns, target included,
// reaches drift_share (get_dataset_drift, default 0.5).

import { ks2sampSorted } from './ks-test';
import { type Category, type CategoryCounts, type SharedHistogram, categoryCounts, sharedHistogram } from './histogram';
import { countDistinctUnion, sortedCopy } from './sorting';
import {
  DEFAULT_THRESHOLDS,
  type StatTestName,
  type StatTestResult,
  binnedCategoryShares,
  binnedNumericShares,
  chiSquarePValue,
  jensenShannonDistance,
  psiFromShares,
  wassersteinNormed,
  zTestPValue,
} from './drift-tests';

export type ColumnType = 'numeric' | 'categorical';

export type NumericColumnInput = { name: string; type: 'numeric'; reference: ArrayLike<number>; current: ArrayLike<number> };
export type CategoricalColumnInput = {
  name: string;
  type: 'categorical';
  reference: ReadonlyArray<Category | null | undefined>;
  current: ReadonlyArray<Category | null | undefined>;
};
export type DriftColumnInput = (NumericColumnInput | CategoricalColumnInput) & {
  /** Override the default test and/or its threshold. */
  test?: StatTestName;
  threshold?: number;
};

export interface ColumnDriftResult extends StatTestResult {
  name: string;
  columnType: ColumnType;
  referenceSize: number;
  currentSize: number;
  distinctValues: number;
  /** Overlay data for the report: histograms on shared edges, or category counts. */
  histogram?: SharedHistogram;
  categories?: CategoryCounts;
}

export interface DatasetDriftResult {
  columns: ColumnDriftResult[];
  numberOfColumns: number;
  numberOfDriftedColumns: number;
  shareOfDriftedColumns: number;
  shareThreshold: number;
  datasetDrift: boolean;
}

/** Evidently's default stattest for a column, from the reference size and distinct values in both samples. */
export function chooseStatTest(referenceSize: number, distinctValues: number, columnType: ColumnType): StatTestName {
  if (referenceSize <= 1000) {
    if (columnType === 'numeric' && distinctValues > 5) return 'ks';
    return distinctValues > 2 ? 'chisquare' : 'z';
  }
  if (columnType === 'numeric' && distinctValues > 5) return 'wasserstein';
  return 'jensenshannon';
}

function finiteSorted(values: ArrayLike<number>): Float64Array {
  const s = sortedCopy(values);
  let lo = 0;
  let hi = s.length;
  while (lo < hi && s[lo] === -Infinity) lo++;
  while (hi > lo && (Number.isNaN(s[hi - 1]) || s[hi - 1] === Infinity)) hi--;
  return lo === 0 && hi === s.length ? s : s.slice(lo, hi);
}

function decide(test: StatTestName, score: number, threshold: number): StatTestResult {
  const pValue = test === 'ks' || test === 'chisquare' || test === 'z';
  // Evidently: ks drifts at p <= threshold, chisquare and z at p < threshold, distances at >= threshold.
  const drifted = test === 'ks' ? score <= threshold : pValue ? score < threshold : score >= threshold;
  return { test, score, scoreKind: pValue ? 'p_value' : 'distance', threshold, drifted };
}

/** Counts per distinct value of two ascending numeric samples. */
function numericCounts(r: Float64Array, c: Float64Array): { values: number[]; reference: number[]; current: number[] } {
  const values: number[] = [];
  const reference: number[] = [];
  const current: number[] = [];
  let i = 0;
  let j = 0;
  while (i < r.length || j < c.length) {
    const v = j >= c.length || (i < r.length && r[i] <= c[j]) ? r[i] : c[j];
    const i0 = i;
    const j0 = j;
    while (i < r.length && r[i] === v) i++;
    while (j < c.length && c[j] === v) j++;
    values.push(v);
    reference.push(i - i0);
    current.push(j - j0);
  }
  return { values, reference, current };
}

function runNumeric(test: StatTestName, r: Float64Array, c: Float64Array): number {
  switch (test) {
    case 'ks':
      return ks2sampSorted(r, c).pValue;
    case 'wasserstein':
      return wassersteinNormed(r, c);
    case 'jensenshannon': {
      const b = binnedNumericShares(r, c, 'sturges', false);
      return jensenShannonDistance(b.reference, b.current);
    }
    case 'psi': {
      const b = binnedNumericShares(r, c, 'sturges', true);
      return psiFromShares(b.reference, b.current);
    }
    case 'chisquare':
    case 'z': {
      const k = numericCounts(r, c);
      return test === 'z' ? zTestPValue(k.values, k.reference, k.current) : chiSquarePValue(k.reference, k.current);
    }
  }
}

function runCategorical(test: StatTestName, k: CategoryCounts): number {
  switch (test) {
    case 'chisquare':
      return chiSquarePValue(k.reference, k.current);
    case 'z':
      return zTestPValue(k.categories, k.reference, k.current);
    case 'jensenshannon': {
      const b = binnedCategoryShares(k.reference, k.current, false);
      return jensenShannonDistance(b.reference, b.current);
    }
    case 'psi': {
      const b = binnedCategoryShares(k.reference, k.current, true);
      return psiFromShares(b.reference, b.current);
    }
    default:
      throw new Error(`${test} does not apply to categorical columns`);
  }
}

/** Drift of one column: Evidently's default test (or the one given), its score, threshold and verdict. */
export function columnDrift(column: DriftColumnInput, options: { histogram?: boolean } = {}): ColumnDriftResult {
  const withHistogram = options.histogram ?? true;
  if (column.type === 'numeric') {
    const r = finiteSorted(column.reference);
    const c = finiteSorted(column.current);
    if (r.length === 0 || c.length === 0) throw new Error(`column ${column.name}: no finite values to compare`);
    const distinct = countDistinctUnion(r, c);
    const test = column.test ?? chooseStatTest(r.length, distinct, 'numeric');
    const threshold = column.threshold ?? DEFAULT_THRESHOLDS[test];
    const result = decide(test, runNumeric(test, r, c), threshold);
    return {
      ...result,
      name: column.name,
      columnType: 'numeric',
      referenceSize: r.length,
      currentSize: c.length,
      distinctValues: distinct,
      histogram: withHistogram ? sharedHistogram(r, c) : undefined,
    };
  }
  const k = categoryCounts(column.reference, column.current);
  const nr = k.reference.reduce((a, b) => a + b, 0);
  const nc = k.current.reduce((a, b) => a + b, 0);
  if (nr === 0 || nc === 0) throw new Error(`column ${column.name}: no values to compare`);
  const test = column.test ?? chooseStatTest(nr, k.categories.length, 'categorical');
  const threshold = column.threshold ?? DEFAULT_THRESHOLDS[test];
  const result = decide(test, runCategorical(test, k), threshold);
  return {
    ...result,
    name: column.name,
    columnType: 'categorical',
    referenceSize: nr,
    currentSize: nc,
    distinctValues: k.categories.length,
    categories: withHistogram ? k : undefined,
  };
}

/** Dataset drift: drift when the share of drifted columns reaches `shareThreshold` (Evidently drift_share). */
export function datasetDrift(columns: ReadonlyArray<DriftColumnInput>, shareThreshold = 0.5, options: { histogram?: boolean } = {}): DatasetDriftResult {
  const results = columns.map((c) => columnDrift(c, options));
  const drifted = results.filter((r) => r.drifted).length;
  const share = results.length ? drifted / results.length : 0;
  return {
    columns: results,
    numberOfColumns: results.length,
    numberOfDriftedColumns: drifted,
    shareOfDriftedColumns: share,
    shareThreshold,
    datasetDrift: results.length > 0 && share >= shareThreshold,
  };
}
