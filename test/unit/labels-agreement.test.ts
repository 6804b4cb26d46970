import { describe, expect, it } from 'vitest';
import {
  aggregateRaters,
  cohenKappa,
  cohenKappaFromMatrix,
  confusionMatrix,
  fleissKappa,
  pairwiseAgreement,
  percentAgreement,
} from '../../shared/label-stats/agreement';
import { annotationsFromRows, codeAnnotations, countMatrix, pairLabels, reliabilityMatrix } from '../../shared/label-stats/annotations';
import { DIAGNOSES } from '../fixtures/fleiss-diagnoses';

const rep = (v: number, n: number): number[] => new Array<number>(n).fill(v);

// Wikipedia, "Fleiss' kappa", worked example: 10 subjects, 14 raters, 5 categories
// (also statsmodels/stats/tests/test_inter_rater.py `table1`, asserted to 0.210 at 3 decimals).
const WIKI_FLEISS = [
  [0, 0, 0, 0, 14],
  [0, 2, 6, 4, 2],
  [0, 0, 3, 5, 6],
  [0, 3, 9, 2, 0],
  [2, 2, 8, 1, 1],
  [7, 7, 0, 0, 0],
  [3, 2, 6, 3, 0],
  [2, 5, 3, 2, 2],
  [6, 5, 2, 1, 0],
  [0, 2, 2, 3, 7],
];
const WIKI_P_I = [1.0, 0.253, 0.308, 0.44, 0.33, 0.462, 0.242, 0.176, 0.286, 0.286];

function counts(rows: number[][]) {
  const K = rows[0].length;
  return { data: Int32Array.from(rows.flat()), items: rows.length, categories: K };
}

describe("Cohen's kappa (scikit-learn cohen_kappa_score)", () => {
  // sklearn/metrics/tests/test_classification.py::test_cohen_kappa
  it('matches Artstein & Poesio (2008) Table 1: 0.348', () => {
    const y1 = [...rep(0, 40), ...rep(1, 60)];
    const y2 = [...rep(0, 20), ...rep(1, 20), ...rep(0, 10), ...rep(1, 50)];
    const k = cohenKappa(y1, y2);
    expect(k).toBeCloseTo(0.348, 3);
    expect(cohenKappa(y2, y1)).toBe(k);
    // Spurious labels outside `labels` are ignored.
    expect(cohenKappa([...y1, 2, 2, 2, 2], [...y2, 2, 2, 2, 2], { labels: [0, 1] })).toBe(k);
    expect(cohenKappa(y1, y1)).toBeCloseTo(1, 12);
  });

  it('matches the multiclass example (Artstein & Poesio Table 4): 0.8013', () => {
    const y1 = [...rep(0, 46), ...rep(1, 44), ...rep(2, 10)];
    const y2 = [...rep(0, 52), ...rep(1, 32), ...rep(2, 16)];
    expect(cohenKappa(y1, y2)).toBeCloseTo(0.8013, 4);
  });

  it('matches the weighting example: none 0.9315, linear 0.9412, quadratic 0.9541', () => {
    const y1 = [...rep(0, 46), ...rep(1, 44), ...rep(2, 10)];
    const y2 = [...rep(0, 50), ...rep(1, 40), ...rep(2, 10)];
    expect(cohenKappa(y1, y2)).toBeCloseTo(0.9315, 4);
    expect(cohenKappa(y1, y2, { weights: 'linear' })).toBeCloseTo(0.9412, 4);
    expect(cohenKappa(y1, y2, { weights: 'quadratic' })).toBeCloseTo(0.9541, 4);
  });

  // statsmodels test_inter_rater.py: SAS printout for table10 (simple 0.4842, weighted with scores 0,1,2: 0.4701).
  it('matches the SAS example in statsmodels: 0.4842 and linear-weighted 0.4701', () => {
    const t = [
      [0, 4, 1],
      [0, 8, 0],
      [0, 1, 5],
    ];
    expect(cohenKappaFromMatrix(t)).toBeCloseTo(0.4842, 4);
    expect(cohenKappaFromMatrix(t, 'linear')).toBeCloseTo(0.4701, 4);
  });

  // statsmodels test_cohens_kappa_irr: R irr::kappa2 on the `anxiety` data, raters 2 and 3.
  it("matches R irr's kappa2 on anxiety raters 2-3: -0.006289308, equal 0.1459075, squared 0.2520325", () => {
    const anxiety = [
      3, 3, 3, 4, 5, 5, 2, 3, 5, 2, 2, 6, 1, 5, 2, 2, 1, 2, 4, 3, 3, 6, 4, 6, 2, 4, 2, 4, 3, 3, 2, 3, 3, 3, 2, 2, 1, 3, 3, 4, 2, 1, 4, 4, 3, 2, 1, 6, 1, 1, 1,
      2, 3, 3, 1, 1, 3, 3, 2, 2,
    ];
    const r2 = anxiety.slice(20, 40); // column-major (order='F') 20 x 3
    const r3 = anxiety.slice(40, 60);
    expect(cohenKappa(r2, r3)).toBeCloseTo(-0.006289308, 6);
    expect(cohenKappa(r2, r3, { weights: 'linear' })).toBeCloseTo(0.1459075, 6);
    expect(cohenKappa(r2, r3, { weights: 'quadratic' })).toBeCloseTo(0.2520325, 6);
  });

  it('is NaN when chance agreement is total, and works on string labels', () => {
    expect(cohenKappa(['a', 'a'], ['a', 'a'])).toBeNaN();
    expect(confusionMatrix(['cat', 'dog', 'dog'], ['dog', 'dog', 'cat']).labels).toEqual(['cat', 'dog']);
    expect(cohenKappa(['cat', 'dog'], ['cat', 'dog'])).toBe(1);
  });
});

describe("Fleiss' kappa (statsmodels fleiss_kappa)", () => {
  it('matches the Wikipedia worked example: P_i, P-bar 0.378, kappa 0.210', () => {
    const c = counts(WIKI_FLEISS);
    expect(fleissKappa(c)).toBeCloseTo(0.20993070442195522, 12);
    expect(fleissKappa(c)).toBeCloseTo(0.21, 3);
    expect(pairwiseAgreement(c)).toBeCloseTo(0.378, 3);
    WIKI_FLEISS.forEach((row, i) => {
      const n = 14;
      const p = (row.reduce((a, x) => a + x * x, 0) - n) / (n * (n - 1));
      expect(p).toBeCloseTo(WIKI_P_I[i], 3);
      expect(pairwiseAgreement(counts([row]))).toBeCloseTo(WIKI_P_I[i], 3);
    });
  });

  it("matches R irr's kappam.fleiss on Fleiss (1971) diagnoses: 0.4302445", () => {
    const { counts: c } = aggregateRaters(DIAGNOSES);
    const colsum = [0, 0, 0, 0, 0];
    for (let i = 0; i < c.items; i++) for (let k = 0; k < 5; k++) colsum[k] += c.data[i * 5 + k];
    expect(colsum).toEqual([26, 26, 30, 55, 43]); // statsmodels test_aggregate_raters
    expect(fleissKappa(c)).toBeCloseTo(0.4302445, 7);
  });

  it('Randolph free-marginal variant uses 1/K chance agreement', () => {
    const c = counts(WIKI_FLEISS);
    expect(fleissKappa(c, { method: 'randolph' })).toBeCloseTo((pairwiseAgreement(c) - 0.2) / 0.8, 12);
  });

  it('equals the triples path: annotations -> counts', () => {
    const rows: number[][] = [];
    for (let r = 0; r < 6; r++) rows.push(DIAGNOSES.map((d) => d[r]));
    const coded = codeAnnotations(annotationsFromRows(rows));
    expect(coded.categories).toEqual([1, 2, 3, 4, 5]);
    expect(fleissKappa(countMatrix(coded))).toBeCloseTo(0.4302445, 7);
  });
});

describe('percent agreement and converters', () => {
  it('counts exact matches', () => {
    expect(percentAgreement([1, 2, 3, 4], [1, 2, 0, 4])).toBe(0.75);
    expect(percentAgreement([], [])).toBeNaN();
  });

  it('codes triples, later duplicates win, and pairs two labelers on shared items', () => {
    const coded = codeAnnotations([
      { itemId: 'a', labelerId: 'ann', label: 'cat' },
      { itemId: 'a', labelerId: 'bob', label: 'dog' },
      { itemId: 'b', labelerId: 'ann', label: 'dog' },
      { itemId: 'b', labelerId: 'bob', label: 'dog' },
      { itemId: 'c', labelerId: 'ann', label: 'cat' },
      { itemId: 'a', labelerId: 'bob', label: 'cat' },
    ]);
    expect(coded.duplicates).toBe(1);
    expect(coded.categories).toEqual(['cat', 'dog']);
    const pair = pairLabels(coded, 'ann', 'bob');
    expect(Array.from(pair.items)).toEqual([0, 1]);
    expect(Array.from(pair.a)).toEqual([0, 1]);
    expect(Array.from(pair.b)).toEqual([0, 1]);
    const rel = reliabilityMatrix(coded);
    expect(Array.from(rel.data)).toEqual([0, 1, 0, 0, 1, -1]);
    expect(Array.from(countMatrix(coded).data)).toEqual([2, 0, 0, 2, 1, 0]);
    expect(() => codeAnnotations([{ itemId: 1, labelerId: 1, label: 'x' }], { categories: ['y'] })).toThrow(/not among/);
  });
});
