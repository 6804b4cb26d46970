import { describe, expect, it } from 'vitest';
import {
  binnedCategoryShares,
  binnedNumericShares,
  chiSquarePValue,
  fillZeroes,
  jensenShannonDistance,
  psiFromShares,
  wassersteinDistanceSorted,
  wassersteinNormed,
  zTestPValue,
} from '../../shared/stats/drift-tests';
import { chooseStatTest, columnDrift, datasetDrift, type DriftColumnInput } from '../../shared/stats/drift';
import { categoryCounts, histogramBinEdges, histogramCounts, sharedHistogram } from '../../shared/stats/histogram';
import { ks2samp } from '../../shared/stats/ks-test';
import { rng } from '../rng';

/** pandas Series(values).repeat(counts). */
const repeat = <T>(values: T[], counts: number[]): T[] => values.flatMap((v, i) => Array(counts[i]).fill(v) as T[]);

describe('chi-square stattest (Evidently tests/stattests/test_stattests.py)', () => {
  it('test_freq_obs_eq_freq_exp → p 0.67309', () => {
    const reference = repeat([1, 2, 3, 4, 5, 6], [16, 18, 16, 14, 12, 12]);
    const current = repeat([1, 2, 3, 4, 5, 6], [16, 16, 16, 16, 16, 8]);
    const r = columnDrift({ name: 'x', type: 'categorical', reference, current, test: 'chisquare', threshold: 0.5 });
    expect(r.score).toBeCloseTo(0.67309, 5);
    expect(r.drifted).toBe(false);
  });

  it('test_freq_obs_not_eq_freq_exp (reference twice as large) → p 0.67309', () => {
    const reference = repeat([1, 2, 3, 4, 5, 6], [32, 36, 32, 28, 24, 24]);
    const current = repeat([1, 2, 3, 4, 5, 6], [16, 16, 16, 16, 16, 8]);
    const k = categoryCounts(reference, current);
    expect(chiSquarePValue(k.reference, k.current)).toBeCloseTo(0.67309, 5);
  });

  it('test_chi_stat_test_cat_feature and test_cat_feature_with_nans → p 1.0', () => {
    const reference = repeat(['a', 'b', 'c'], [10, 10, 10]);
    const r = columnDrift({ name: 'x', type: 'categorical', reference, current: reference, test: 'chisquare', threshold: 0.5 });
    expect(r.score).toBeCloseTo(1, 5);
    const withNulls = repeat(['a', 'b', null], [10, 10, 10]);
    expect(columnDrift({ name: 'x', type: 'categorical', reference: withNulls, current: withNulls, test: 'chisquare' }).score).toBeCloseTo(1, 5);
  });
});

describe('z-test (Evidently test_z_stat_test_cat_feature)', () => {
  it("['a','b']*10 against itself → p 1.0", () => {
    const ab = Array.from({ length: 20 }, (_, i) => (i % 2 ? 'b' : 'a'));
    const r = columnDrift({ name: 'x', type: 'categorical', reference: ab, current: ab });
    expect(r.test).toBe('z');
    expect(r.score).toBeCloseTo(1, 5);
    expect(r.drifted).toBe(false);
  });

  it('two-proportion z by hand', () => {
    // Reference 30/100 'b', current 50/100 'b': P = 0.4, z = -0.2 / sqrt(0.24 * 0.02) = -2.886751, p = 2 Φ(-2.886751) = 0.003892.
    const p = zTestPValue(['a', 'b'], [70, 30], [50, 50]);
    expect(p).toBeCloseTo(0.0038924171, 8);
    // Identical single category → 1 (Evidently's first branch).
    expect(zTestPValue(['a'], [5], [7])).toBe(1);
  });
});

describe('Wasserstein and Jensen–Shannon (scipy docs)', () => {
  it('wasserstein_distance([0, 1, 3], [5, 6, 8]) = 5.0; normed by reference std', () => {
    expect(wassersteinDistanceSorted([0, 1, 3], [5, 6, 8])).toBeCloseTo(5, 14);
    // scipy docs: wasserstein_distance([0, 1], [0, 1]) would be 0; unequal sizes [0,1] vs [0.5] → 0.5.
    expect(wassersteinDistanceSorted([0, 1], [0.5])).toBeCloseTo(0.5, 14);
    // np.std([0, 1, 3]) = sqrt(42/27).
    expect(wassersteinNormed([0, 1, 3], [5, 6, 8])).toBeCloseTo(5 / Math.sqrt(42 / 27), 12);
  });

  it('jensenshannon docs examples', () => {
    expect(jensenShannonDistance([1, 0, 0], [0, 1, 0], 2)).toBeCloseTo(1, 14);
    expect(jensenShannonDistance([1, 0], [0.5, 0.5])).toBeCloseTo(0.46450140402245893, 14);
    expect(jensenShannonDistance([1, 0, 0], [1, 0, 0], 2)).toBe(0);
  });

  it('jensenshannon without a base uses the natural log, as Evidently calls it', () => {
    // scipy.spatial.distance.jensenshannon([1, 0, 0], [0, 1, 0]) = sqrt(ln 2).
    expect(jensenShannonDistance([1, 0, 0], [0, 1, 0])).toBeCloseTo(0.8325546111576977, 14);
    // Base 2 is 1 / sqrt(ln 2) = 1.2011 times larger, the factor the drift scores used to carry.
    const p = [0.1, 0.4, 0.5];
    const q = [0.3, 0.3, 0.4];
    expect(jensenShannonDistance(p, q, 2) / jensenShannonDistance(p, q)).toBeCloseTo(1 / Math.sqrt(Math.LN2), 12);
  });
});

describe('PSI and binning (Evidently psi / get_binned_data)', () => {
  it('zero fill rule', () => {
    // min nonzero 0.25 > 1e-4 → zeros become 1e-4; min nonzero 5e-5 <= 1e-4 → zeros become 5e-11.
    expect(Array.from(fillZeroes(Float64Array.from([0.25, 0.75, 0])))).toEqual([0.25, 0.75, 0.0001]);
    expect(fillZeroes(Float64Array.from([5e-5, 1 - 5e-5, 0]))[2]).toBeCloseTo(5e-11, 20);
  });

  it('categorical PSI by hand', () => {
    // Shares ref [0.5, 0.5, 0] → [0.5, 0.5, 1e-4]; cur [0.25, 0.25, 0.5].
    const b = binnedCategoryShares([10, 10, 0], [5, 5, 10]);
    const expected = 2 * (0.25 * Math.log(0.5 / 0.25)) + (0.0001 - 0.5) * Math.log(0.0001 / 0.5);
    expect(psiFromShares(b.reference, b.current)).toBeCloseTo(expected, 12);
  });

  it('numeric binning uses value counts up to 20 distinct reference values, sturges edges above', () => {
    const few = binnedNumericShares(Float64Array.from([1, 1, 2, 3]), Float64Array.from([2, 4]), 'sturges', false);
    expect(Array.from(few.reference)).toEqual([0.5, 0.25, 0.25, 0]);
    expect(Array.from(few.current)).toEqual([0, 0.5, 0, 0.5]);
    const ref = Float64Array.from({ length: 30 }, (_, i) => i);
    const many = binnedNumericShares(ref, Float64Array.from([0, 29]), 'sturges', false);
    // 32 values: sturges width = 29 / (log2(32) + 1) = 29/6 → 6 bins.
    expect(many.edges?.length).toBe(7);
  });
});

describe('numpy histogram compatibility', () => {
  it('histogram_bin_edges docs: arr = [0,0,0,1,2,3,3,4,5], bins=2 → [0, 2.5, 5]', () => {
    const arr = [0, 0, 0, 1, 2, 3, 3, 4, 5];
    expect(Array.from(histogramBinEdges([arr], 2))).toEqual([0, 2.5, 5]);
    // 'sturges': width = 5 / (log2(9) + 1) → ceil(5 / width) = 5 bins of 1.
    expect(Array.from(histogramBinEdges([arr], 'sturges'))).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('np.histogram([1, 2, 1], bins=[0, 1, 2, 3]) → [0, 2, 1]; last bin closed', () => {
    expect(Array.from(histogramCounts([1, 2, 1], [0, 1, 2, 3]))).toEqual([0, 2, 1]);
    expect(Array.from(histogramCounts([0, 1, 2, 3], [0, 1, 2, 3]))).toEqual([1, 1, 2]);
    // A constant sample gets edges [v - 0.5, v + 0.5].
    expect(Array.from(histogramBinEdges([[2, 2, 2]], 3))).toEqual([1.5, 1.8333333333333333, 2.1666666666666665, 2.5]);
  });

  it('shared histogram counts both samples on one set of edges', () => {
    const h = sharedHistogram([0, 1, 2, NaN], [2, 3, 4]);
    expect(h.edges[0]).toBe(0);
    expect(h.edges[h.edges.length - 1]).toBe(4);
    expect(h.reference.reduce((a, b) => a + b)).toBe(3);
    expect(h.current.reduce((a, b) => a + b)).toBe(3);
    expect(h.referenceShare.reduce((a, b) => a + b)).toBeCloseTo(1, 12);
  });
});

describe('default test choice (Evidently registry._get_default_stattest)', () => {
  it('follows reference size, column type and distinct values', () => {
    expect(chooseStatTest(1000, 6, 'numeric')).toBe('ks');
    expect(chooseStatTest(1000, 5, 'numeric')).toBe('chisquare');
    expect(chooseStatTest(1000, 2, 'numeric')).toBe('z');
    expect(chooseStatTest(1000, 3, 'categorical')).toBe('chisquare');
    expect(chooseStatTest(1000, 2, 'categorical')).toBe('z');
    expect(chooseStatTest(1001, 6, 'numeric')).toBe('wasserstein');
    expect(chooseStatTest(1001, 5, 'numeric')).toBe('jensenshannon');
    expect(chooseStatTest(1001, 50, 'categorical')).toBe('jensenshannon');
  });

  it('columnDrift runs the chosen test with Evidently thresholds and comparison directions', () => {
    const r = rng(7);
    const small = Array.from({ length: 300 }, () => r());
    const shifted = Array.from({ length: 400 }, () => r() + 0.3);
    const ks = columnDrift({ name: 'n', type: 'numeric', reference: small, current: shifted });
    expect(ks.test).toBe('ks');
    expect(ks.threshold).toBe(0.05);
    expect(ks.score).toBeCloseTo(ks2samp(small, shifted).pValue, 14);
    expect(ks.drifted).toBe(true);

    const big = Array.from({ length: 5000 }, () => r());
    const same = Array.from({ length: 5000 }, () => r());
    const w = columnDrift({ name: 'n', type: 'numeric', reference: big, current: same });
    expect(w.test).toBe('wasserstein');
    expect(w.threshold).toBe(0.1);
    expect(w.drifted).toBe(false);
    expect(w.histogram?.edges.length).toBeGreaterThan(2);

    const cats = Array.from({ length: 2000 }, () => ['x', 'y', 'z'][Math.floor(r() * 3)]);
    const catsShift = Array.from({ length: 2000 }, () => (r() < 0.6 ? 'x' : 'y'));
    const js = columnDrift({ name: 'c', type: 'categorical', reference: cats, current: catsShift });
    expect(js.test).toBe('jensenshannon');
    expect(js.drifted).toBe(true);
    expect(js.categories?.categories).toEqual(['x', 'y', 'z']);

    // Missing and infinite values are dropped before anything else.
    const withMissing = columnDrift({ name: 'm', type: 'numeric', reference: [1, 2, 3, 4, 5, 6, NaN, Infinity], current: [1, 2, 3, 4, 5, 6] });
    expect(withMissing.referenceSize).toBe(6);
    expect(withMissing.score).toBe(1);
  });

  it('dataset drift when the drifted share reaches the threshold', () => {
    const r = rng(11);
    const base = (n: number, shift = 0) => Array.from({ length: n }, () => r() + shift);
    const cols: DriftColumnInput[] = [
      { name: 'a', type: 'numeric', reference: base(500), current: base(500, 0.5) },
      { name: 'b', type: 'numeric', reference: base(500), current: base(500) },
      { name: 'c', type: 'numeric', reference: base(500), current: base(500, 1) },
      { name: 'd', type: 'numeric', reference: base(500), current: base(500) },
    ];
    const d = datasetDrift(cols);
    expect(d.numberOfDriftedColumns).toBe(2);
    expect(d.shareOfDriftedColumns).toBe(0.5);
    expect(d.datasetDrift).toBe(true);
    expect(datasetDrift(cols, 0.6).datasetDrift).toBe(false);
  });
});
