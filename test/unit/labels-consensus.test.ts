import { describe, expect, it } from 'vitest';
import { aggregateRaters, fleissKappa } from '../../shared/label-stats/agreement';
import { annotationsFromRows, codeAnnotations, countMatrix, type Annotation } from '../../shared/label-stats/annotations';
import { classAgreement, consensusLabels, labelerAgreement } from '../../shared/label-stats/consensus';
import { DIAGNOSES } from '../fixtures/fleiss-diagnoses';

const triples: Annotation[] = [
  // item 'a': 2 cat, 1 dog -> cat
  { itemId: 'a', labelerId: 'ann', label: 'cat' },
  { itemId: 'a', labelerId: 'bob', label: 'cat' },
  { itemId: 'a', labelerId: 'cy', label: 'dog' },
  // item 'b': 1 cat, 1 dog -> tie, review
  { itemId: 'b', labelerId: 'ann', label: 'cat' },
  { itemId: 'b', labelerId: 'bob', label: 'dog' },
  // item 'c': unanimous dog
  { itemId: 'c', labelerId: 'ann', label: 'dog' },
  { itemId: 'c', labelerId: 'bob', label: 'dog' },
  { itemId: 'c', labelerId: 'cy', label: 'dog' },
  // item 'd': single label
  { itemId: 'd', labelerId: 'cy', label: 'bird' },
];

describe('consensus', () => {
  it('takes the majority and flags ties for review', () => {
    const c = consensusLabels(codeAnnotations(triples));
    expect(c.map((x) => [x.itemId, x.label, x.votes, x.total, x.needsReview])).toEqual([
      ['a', 'cat', 2, 3, false],
      ['b', null, 1, 2, true],
      ['c', 'dog', 3, 3, false],
      ['d', 'bird', 1, 1, false],
    ]);
    expect(c[1].tied).toEqual(['cat', 'dog']);
    expect(c[0].agreement).toBeCloseTo(2 / 3, 12);
  });

  it('flags low-agreement and under-labeled items when asked', () => {
    const c = consensusLabels(codeAnnotations(triples), { minAgreement: 0.7, minLabels: 2 });
    expect(c.map((x) => x.needsReview)).toEqual([true, true, false, true]);
  });
});

describe('per-labeler agreement', () => {
  it('computes pairwise and leave-one-out consensus agreement', () => {
    const rows = labelerAgreement(codeAnnotations(triples));
    const by = Object.fromEntries(rows.map((r) => [r.labelerId, r]));
    // ann: a (agrees with bob, not cy), b (disagrees with bob), c (agrees with both) -> 3 of 5 pairs.
    expect(by.ann.labeled).toBe(3);
    expect(by.ann.pairs).toBe(5);
    expect(by.ann.withOthers).toBeCloseTo(3 / 5, 12);
    // Leave-one-out: a -> others {cat, dog} tie (skipped); b -> others {dog} -> disagree; c -> dog agree.
    expect(by.ann.consensusItems).toBe(2);
    expect(by.ann.withConsensus).toBe(0.5);
    // cy: a -> others {cat, cat} -> disagree; c -> agree; d alone -> skipped.
    expect(by.cy.labeled).toBe(3);
    expect(by.cy.pairs).toBe(4);
    expect(by.cy.withOthers).toBeCloseTo(2 / 4, 12);
    expect(by.cy.consensusItems).toBe(2);
    expect(by.cy.withConsensus).toBe(0.5);
  });

  it('gives a perfect labeler kappa 1 and withOthers 1', () => {
    const rows = [
      [1, 2, 3, 1, 2, 3],
      [1, 2, 3, 1, 2, 3],
      [1, 2, 3, 1, 2, 2],
    ];
    const r = labelerAgreement(codeAnnotations(annotationsFromRows(rows)));
    expect(r[0].withConsensus).toBe(1);
    expect(r[0].kappaWithConsensus).toBe(1);
    expect(r[2].withConsensus).toBeCloseTo(5 / 6, 12);
  });
});

describe('per-class agreement', () => {
  // Category kappas for the diagnoses data as reported by Fleiss (1971) and printed by
  // R irr::kappam.fleiss(diagnoses, detail = TRUE): 0.245, 0.245, 0.520, 0.471, 0.566.
  it('matches Fleiss (1971) category kappas on the diagnoses data', () => {
    const { counts, categories } = aggregateRaters(DIAGNOSES);
    const pc = classAgreement(counts, categories);
    expect(pc.map((c) => c.support)).toEqual([26, 26, 30, 55, 43]);
    const expected = [0.245, 0.245, 0.52, 0.471, 0.566];
    pc.forEach((c, i) => expect(c.kappa).toBeCloseTo(expected[i], 3));
    // Overall kappa is the p_j q_j-weighted mean of the category kappas (Fleiss 1971, eq. 12).
    const T = 180;
    let num = 0;
    let den = 0;
    for (const c of pc) {
      const p = c.support / T;
      num += p * (1 - p) * c.kappa;
      den += p * (1 - p);
    }
    expect(num / den).toBeCloseTo(fleissKappa(counts), 12);
  });

  it('specific agreement: share of pairs touching a class that agree on it', () => {
    const coded = codeAnnotations(triples);
    const pc = classAgreement(countMatrix(coded), coded.categories);
    const by = Object.fromEntries(pc.map((c) => [c.category, c]));
    // cat: item a n=2,m=3 -> agree 2, with-other 4; item b n=1,m=2 -> 0, 1 => 2/5.
    expect(by.cat.specificAgreement).toBeCloseTo(2 / 5, 12);
    // dog: a n=1,m=3 -> 0,2; b n=1,m=2 -> 0,1; c n=3,m=3 -> 6,6 => 6/9.
    expect(by.dog.specificAgreement).toBeCloseTo(6 / 9, 12);
    // bird only on a single-label item: no pairs.
    expect(by.bird.support).toBe(0);
    expect(by.bird.specificAgreement).toBeNaN();
  });
});
