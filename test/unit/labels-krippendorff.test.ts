import { describe, expect, it } from 'vitest';
import { annotationsFromRows, codeAnnotations, countMatrix } from '../../shared/label-stats/annotations';
import { coincidences, krippendorffAlpha, krippendorffAlphaFromAnnotations } from '../../shared/label-stats/krippendorff';

const _ = null;

// Wikipedia, "Krippendorff's alpha" computational example (3 coders, 15 units), the data of the
// `krippendorff` package's tests (pln-fing-udelar/fast-krippendorff tests/test_krippendorff.py):
// nominal 0.691358, interval 0.810845 (rounded to 6 places there).
const WIKI = [
  [_, _, _, _, _, 3, 4, 1, 2, 1, 1, 3, 3, _, 3],
  [1, _, 2, 1, 3, 3, 4, 3, _, _, _, _, _, _, _],
  [_, _, 2, 1, 3, 4, 4, _, 2, 1, 1, 3, 3, _, 4],
];

// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", example C (4 observers,
// 12 units, missing data); also Content Analysis 4th ed. ch. 12. Package tests: ordinal 0.815,
// ratio 0.797; its README/doctest: nominal 0.743.
const K2011 = [
  [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
  [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
];

describe("Krippendorff's alpha", () => {
  it('matches the Wikipedia example: nominal 0.691358, interval 0.810845', () => {
    const a = annotationsFromRows(WIKI);
    expect(krippendorffAlphaFromAnnotations(a)).toBeCloseTo(0.691358, 6);
    expect(krippendorffAlphaFromAnnotations(a, { level: 'interval' })).toBeCloseTo(0.810845, 6);
  });

  it('matches the package value_counts test (same data as counts): 0.691358', () => {
    const vc = [
      [1, 0, 0, 0],
      [0, 0, 0, 0],
      [0, 2, 0, 0],
      [2, 0, 0, 0],
      [0, 0, 2, 0],
      [0, 0, 2, 1],
      [0, 0, 0, 3],
      [1, 0, 1, 0],
      [0, 2, 0, 0],
      [2, 0, 0, 0],
      [2, 0, 0, 0],
      [0, 0, 2, 0],
      [0, 0, 2, 0],
      [0, 0, 0, 0],
      [0, 0, 1, 1],
    ];
    expect(krippendorffAlpha({ data: Int32Array.from(vc.flat()), items: 15, categories: 4 })).toBeCloseTo(0.691358, 6);
  });

  it('matches Krippendorff (2011) example C: nominal 0.743, ordinal 0.815, ratio 0.797', () => {
    const a = annotationsFromRows(K2011);
    expect(krippendorffAlphaFromAnnotations(a)).toBeCloseTo(0.743, 3);
    expect(krippendorffAlphaFromAnnotations(a, { level: 'ordinal' })).toBeCloseTo(0.815, 3);
    expect(krippendorffAlphaFromAnnotations(a, { level: 'ratio' })).toBeCloseTo(0.797, 3);
  });

  it('matches Krippendorff (2011) example A (binary, 2 observers): coincidences and alpha 0.095', () => {
    const a = annotationsFromRows([
      [0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
      [1, 1, 1, 0, 0, 1, 0, 0, 0, 0],
    ]);
    const coded = codeAnnotations(a);
    const { o, n, total } = coincidences(countMatrix(coded));
    expect(Array.from(o)).toEqual([10, 4, 4, 2]);
    expect(Array.from(n)).toEqual([14, 6]);
    expect(total).toBe(20);
    expect(krippendorffAlphaFromAnnotations(a)).toBeCloseTo(0.095, 3);
  });

  it('matches the package string-label test: 0.722222', () => {
    const a = annotationsFromRows([
      ['pos', 'neg', 'neu', _],
      ['pos', 'neg', 'neu', 'pos'],
      ['pos', 'neg', 'pos', 'pos'],
    ]);
    expect(krippendorffAlphaFromAnnotations(a)).toBeCloseTo(0.722222, 6);
  });

  it('is 1 for perfect agreement and NaN when undefined', () => {
    const perfect = annotationsFromRows([
      [1, 2, 3, 4],
      [1, 2, 3, 4],
      [1, 2, 3, 4],
    ]);
    expect(krippendorffAlphaFromAnnotations(perfect)).toBe(1);
    expect(krippendorffAlphaFromAnnotations(perfect, { level: 'interval' })).toBe(1);
    // No unit with two values (the package raises here).
    expect(
      krippendorffAlphaFromAnnotations(
        annotationsFromRows([
          [1, _],
          [_, 2],
        ]),
      ),
    ).toBeNaN();
    // A single value in the domain.
    expect(
      krippendorffAlphaFromAnnotations(
        annotationsFromRows([
          [1, 1],
          [1, 1],
        ]),
      ),
    ).toBeNaN();
  });

  it('ignores the order of triples and unpairable units', () => {
    const a = annotationsFromRows(WIKI).reverse();
    a.push({ itemId: 'lonely', labelerId: 0, label: 2 });
    expect(krippendorffAlphaFromAnnotations(a)).toBeCloseTo(0.691358, 6);
  });
});
