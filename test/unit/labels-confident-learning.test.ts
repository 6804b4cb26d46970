import { describe, expect, it } from 'vitest';
import {
  argmaxConfusionJoint,
  calibrateConfidentJoint,
  computeConfidentJoint,
  estimateJoint,
  estimateLatent,
  findLabelIssues,
  getConfidentThresholds,
  getLabelQualityScores,
  labelCounts,
  orderLabelIssues,
  pruneCounts,
  roundPreservingSum,
  type FilterBy,
} from '../../shared/label-stats/confident-learning';
import { probMatrix, type ProbMatrix } from '../../shared/label-stats/probs';
import { rng } from '../rng';

// cleanlab tests/test_filter_count.py: `pred_probs_` / `labels_`.
const P_ = probMatrix([
  [0.9, 0.1, 0],
  [0.6, 0.2, 0.2],
  [0.1, 0, 0.9],
  [0.1, 0.8, 0.1],
  [0.1, 0.8, 0.1],
  [0.1, 0.8, 0.1],
  [0.1, 0.8, 0.1],
  [0.1, 0.8, 0.1],
  [0.1, 0.8, 0.1],
  [0.1, 0.1, 0.8],
]);
const L_ = [0, 0, 1, 1, 1, 1, 1, 1, 1, 2];
const ONLY_2 = [0, 0, 1, 0, 0, 0, 0, 0, 0, 0];

// cleanlab tests/test_filter_count.py::test_issue_158 (cleanlab issue #158).
const P158 = probMatrix([
  [0.27916167, 0.14589103, 0.29264585, 0.28230144],
  [0.13429196, 0.12536383, 0.47943979, 0.26090442],
  [0.41348584, 0.13463275, 0.25845595, 0.19342546],
  [0.27753469, 0.12295569, 0.33125886, 0.26825075],
  [0.11649856, 0.11219034, 0.51857122, 0.25273988],
  [0.38010026, 0.25572261, 0.1330541, 0.23112304],
  [0.31583755, 0.1363069, 0.29246806, 0.2553875],
  [0.30240076, 0.16925207, 0.26499082, 0.26335636],
  [0.44524505, 0.27410085, 0.08305069, 0.19760341],
  [0.22903975, 0.07783631, 0.38035414, 0.3127698],
  [0.2507156, 0.120729, 0.32551729, 0.30303812],
  [0.43809229, 0.14401381, 0.208393, 0.2095009],
  [0.20749181, 0.11883556, 0.38402152, 0.28965111],
  [0.43840254, 0.13538447, 0.24518806, 0.18102493],
  [0.28504779, 0.1030975, 0.34258602, 0.26926868],
  [0.38425408, 0.29168969, 0.15181255, 0.17224368],
  [0.19339907, 0.10804265, 0.37570368, 0.3228546],
  [0.21509781, 0.07190167, 0.38914722, 0.3238533],
  [0.27040334, 0.1303784, 0.3284232, 0.27079507],
  [0.4059021, 0.1671356, 0.24889193, 0.17807036],
]);
const L158 = [3, 3, 1, 3, 0, 2, 2, 2, 0, 2, 2, 1, 0, 0, 0, 0, 2, 1, 3, 3];

/** N items, K classes; softmax of noisy logits peaked on the true class; `flip` share of labels changed. */
function synthetic(n: number, K: number, flip: number, seed: number): { p: ProbMatrix; labels: Int32Array; truth: Int32Array } {
  const r = rng(seed);
  const data = new Float64Array(n * K);
  const labels = new Int32Array(n);
  const truth = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const y = Math.floor(r() * K);
    truth[i] = y;
    let s = 0;
    for (let j = 0; j < K; j++) {
      const z = Math.exp((j === y ? 3 : 0) + 1.2 * (r() + r() + r() - 1.5));
      data[i * K + j] = z;
      s += z;
    }
    for (let j = 0; j < K; j++) data[i * K + j] /= s;
    labels[i] = r() < flip ? (y + 1 + Math.floor(r() * (K - 1))) % K : y;
  }
  return { p: { data, n, k: K }, labels, truth };
}

describe('cleanlab reference vectors', () => {
  it('thresholds and confident joint for pred_probs_/labels_', () => {
    const t = getConfidentThresholds(L_, P_);
    expect(t[0]).toBeCloseTo(0.75, 12);
    expect(t[1]).toBeCloseTo(4.8 / 7, 12);
    expect(t[2]).toBeCloseTo(0.8, 12);
    const raw = computeConfidentJoint(L_, P_, { calibrate: false });
    expect(raw.confidentJoint).toEqual([
      [1, 0, 0],
      [0, 6, 1],
      [0, 0, 1],
    ]);
    expect(Array.from(raw.offDiagonalIndices)).toEqual([2]);
    expect(computeConfidentJoint(L_, P_).confidentJoint).toEqual([
      [2, 0, 0],
      [0, 6, 1],
      [0, 0, 1],
    ]);
  });

  // test_find_label_issue_filters_match_origin_functions + our own run of every filter on the same data.
  it.each<FilterBy>(['prune_by_noise_rate', 'prune_by_class', 'both', 'confident_learning', 'predicted_neq_given'])(
    'find_label_issues(filter_by=%s) flags only item 2',
    (filterBy) => {
      const r = findLabelIssues(L_, P_, { filterBy });
      expect(Array.from(r.mask)).toEqual(ONLY_2);
      expect(Array.from(r.issues)).toEqual([2]);
    },
  );

  // test_find_label_issues_using_argmax_confusion_matrix (calibrate True/False x 3 filters).
  it.each([true, false])('argmax confusion-matrix joint (calibrate=%s) flags only item 2 for every pruning filter', (calibrate) => {
    const cj = argmaxConfusionJoint(L_, P_, { calibrate });
    for (const filterBy of ['prune_by_noise_rate', 'prune_by_class', 'both'] as FilterBy[]) {
      expect(Array.from(findLabelIssues(L_, P_, { filterBy, confidentJoint: cj }).mask)).toEqual(ONLY_2);
    }
  });

  // test_predicted_neq_given_filter
  it('predicted_neq_given on the 5-row example', () => {
    const p = probMatrix([
      [0.9, 0.1, 0],
      [0.6, 0.2, 0.2],
      [0.3, 0.3, 0.4],
      [0.1, 0.1, 0.8],
      [0.4, 0.5, 0.1],
    ]);
    expect(Array.from(findLabelIssues([0, 0, 1, 1, 2], p, { filterBy: 'predicted_neq_given' }).mask)).toEqual([0, 0, 1, 1, 1]);
  });

  // test_pruning_keep_at_least_n_per_class / test_pruning_reduce_prune_counts
  it('keeps a healthy confident joint unchanged when pruning with n=5 and frac_noise=1', () => {
    const cj = [
      [325, 16, 22],
      [47, 178, 10],
      [36, 8, 159],
    ];
    expect(pruneCounts(cj, 5, 1)).toEqual(cj);
  });

  it('moves counts to the diagonal when a class would be emptied, truncating like cleanlab', () => {
    // Row [1, 3, 4], n = 3: diagonal raised by 2, taken evenly (1 each) from the 3 - 1 non-zero entries.
    expect(
      pruneCounts(
        [
          [1, 3, 4],
          [1, 5, 0],
          [0, 0, 6],
        ],
        3,
        1,
      )[0],
    ).toEqual([3, 2, 3]);
    // cleanlab divides by count_nonzero(row) - 1, assuming a non-zero diagonal: with a zero diagonal
    // the 2 is taken from each of the two off-diagonals.
    expect(
      pruneCounts(
        [
          [0, 3, 4],
          [1, 5, 0],
          [0, 0, 6],
        ],
        2,
        1,
      )[0],
    ).toEqual([2, 1, 2]);
    // frac_noise 0.5: off-diagonals halved and truncated, the rest goes to the diagonal (column totals kept before truncation).
    expect(
      pruneCounts(
        [
          [10, 3, 4],
          [1, 5, 0],
          [0, 0, 6],
        ],
        1,
        0.5,
      )[0],
    ).toEqual([13, 1, 2]);
  });

  // test_issue_158: no zero on the diagonal of the uncalibrated joint, no NaN in the latent estimates.
  it('issue #158: diagonal non-zero and latent estimates finite', () => {
    const cj = computeConfidentJoint(L158, P158, { calibrate: false }).confidentJoint;
    cj.forEach((row, k) => expect(row[k]).not.toBe(0));
    const { py, noiseMatrix, inverseNoiseMatrix } = estimateLatent(cj, L158);
    for (const v of [...py, ...noiseMatrix.flat(), ...inverseNoiseMatrix.flat()]) expect(Number.isFinite(v)).toBe(true);
    expect(py.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('round_preserving_sum follows numpy (half to even, largest remainders)', () => {
    expect(roundPreservingSum([0.5, 1.5, 2.5, 3.5])).toEqual([0, 2, 2, 4]);
    expect(roundPreservingSum([1.4, 1.4, 1.2])).toEqual([1, 2, 1]);
    // Sum 8, rounded 9: decrement the most-rounded-up first (argsort ascending, ties by index).
    expect(roundPreservingSum([2.6, 2.6, 2.8])).toEqual([2, 3, 3]);
  });
});

describe('confident learning invariants', () => {
  it('perfectly clean, confident predictions give no issues', () => {
    const { p, truth } = synthetic(3000, 5, 0, 1);
    for (let i = 0; i < p.n; i++) {
      for (let j = 0; j < 5; j++) p.data[i * 5 + j] = j === truth[i] ? 0.96 : 0.01;
    }
    for (const filterBy of ['prune_by_noise_rate', 'prune_by_class', 'both', 'confident_learning'] as FilterBy[]) {
      expect(findLabelIssues(truth, p, { filterBy }).issues.length).toBe(0);
    }
  });

  it('a flipped label with confident contrary probabilities is flagged and ranked first', () => {
    const { p, truth } = synthetic(2000, 4, 0, 2);
    const labels = Int32Array.from(truth);
    const victim = 1234;
    labels[victim] = (truth[victim] + 1) % 4;
    for (let j = 0; j < 4; j++) p.data[victim * 4 + j] = j === truth[victim] ? 0.97 : 0.01;
    const r = findLabelIssues(labels, p);
    expect(r.mask[victim]).toBe(1);
    expect(r.issues[0]).toBe(victim);
  });

  it('calibrated joint rows sum to the label counts and the total to N; estimate_joint sums to 1', () => {
    const { p, labels } = synthetic(5000, 6, 0.2, 3);
    const counts = labelCounts(labels, 6);
    const { confidentJoint } = computeConfidentJoint(labels, p);
    confidentJoint.forEach((row, k) => {
      expect(row.reduce((a, b) => a + b, 0)).toBe(counts[k]);
      row.forEach((v) => expect(Number.isInteger(v)).toBe(true));
    });
    const joint = estimateJoint(labels, p);
    expect(joint.flat().reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    // Calibrating an already calibrated joint is a no-op.
    expect(calibrateConfidentJoint(confidentJoint, counts)).toEqual(confidentJoint);
  });

  it('noise and inverse noise matrices are column-stochastic and near the true flip rate', () => {
    const { p, labels } = synthetic(20000, 4, 0.2, 4);
    const { confidentJoint } = computeConfidentJoint(labels, p);
    const { py, noiseMatrix, inverseNoiseMatrix } = estimateLatent(confidentJoint, labels);
    for (const m of [noiseMatrix, inverseNoiseMatrix]) {
      for (let j = 0; j < 4; j++) expect(m.reduce((a, r) => a + r[j], 0)).toBeCloseTo(1, 12);
    }
    expect(py.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    for (let k = 0; k < 4; k++) expect(noiseMatrix[k][k]).toBeGreaterThan(0.7);
  });

  it('prune_by_noise_rate selects exactly the prune count in every off-diagonal cell', () => {
    const { p, labels } = synthetic(8000, 5, 0.15, 5);
    const r = findLabelIssues(labels, p);
    for (let k = 0; k < 5; k++) {
      for (let j = 0; j < 5; j++) {
        if (j === k) continue;
        expect(r.prunedPerCell[k][j]).toBe(r.pruneCounts[k][j]);
        // With min_examples_per_class = 1 the prune counts are the calibrated off-diagonals.
        expect(r.pruneCounts[k][j]).toBe(r.confidentJoint[k][j]);
      }
    }
    const offDiagonal = r.confidentJoint.reduce((a, row, k) => a + row.reduce((x, v, j) => x + (j === k ? 0 : v), 0), 0);
    expect(r.flaggedBeforeArgmaxRule).toBeLessThanOrEqual(offDiagonal);
    expect(r.issues.length).toBeLessThanOrEqual(r.flaggedBeforeArgmaxRule);
  });

  it('finds synthetic flips well (cleanlab test_find_label_issues_multi_label asks for > 0.85 accuracy)', () => {
    const { p, labels, truth } = synthetic(10000, 5, 0.2, 6);
    for (const filterBy of ['prune_by_noise_rate', 'prune_by_class', 'both', 'confident_learning'] as FilterBy[]) {
      const r = findLabelIssues(labels, p, { filterBy });
      let right = 0;
      for (let i = 0; i < p.n; i++) if ((labels[i] !== truth[i]) === (r.mask[i] === 1)) right++;
      expect(right / p.n).toBeGreaterThan(0.85);
    }
    const both = findLabelIssues(labels, p, { filterBy: 'both' }).mask;
    const byClass = findLabelIssues(labels, p, { filterBy: 'prune_by_class' }).mask;
    const byNoise = findLabelIssues(labels, p, { filterBy: 'prune_by_noise_rate' }).mask;
    for (let i = 0; i < p.n; i++) expect(both[i]).toBe(byClass[i] & byNoise[i]);
  });

  it('never flags an item whose argmax is its given label', () => {
    const { p, labels } = synthetic(4000, 3, 0.3, 7);
    const r = findLabelIssues(labels, p, { filterBy: 'prune_by_class' });
    for (const i of r.issues) {
      const row = Array.from(p.data.subarray(i * 3, i * 3 + 3));
      expect(row.indexOf(Math.max(...row))).not.toBe(labels[i]);
    }
  });
});

describe('ties at the pruning cut', () => {
  // 15 items labeled 0 (5 clean, 10 identical and contrary), 30 labeled 1. With a joint that prunes
  // 4 of the 10 tied items, the 4 lowest indices go (numpy's argsort leaves the tie order unspecified).
  const rows: number[][] = [];
  const labels: number[] = [];
  const tied: number[] = [];
  for (let i = 0; i < 45; i++) {
    if (i % 3 === 0 && tied.length < 10) {
      rows.push([0.2, 0.8]);
      labels.push(0);
      tied.push(i);
    } else if (i % 3 === 1 && labels.filter((l) => l === 0).length - tied.length < 5) {
      rows.push([0.9, 0.1]);
      labels.push(0);
    } else {
      rows.push([0.2, 0.8]);
      labels.push(1);
    }
  }
  const p = probMatrix(rows);
  const cj = [
    [11, 4],
    [0, 30],
  ];
  it.each<FilterBy>(['prune_by_noise_rate', 'prune_by_class', 'both'])('%s takes the lowest tied indices', (filterBy) => {
    expect(labels.filter((l) => l === 0).length).toBe(15);
    const r = findLabelIssues(labels, p, { filterBy, confidentJoint: cj });
    expect(Array.from(r.issues)).toEqual(tied.slice(0, 4));
  });
});

describe('label quality scores (cleanlab rank)', () => {
  it('self-confidence and normalized margin', () => {
    const p = probMatrix([
      [0.7, 0.2, 0.1],
      [0.2, 0.5, 0.3],
      [0.1, 0.1, 0.8],
    ]);
    const labels = [0, 2, 1];
    expect(Array.from(getLabelQualityScores(labels, p))).toEqual([0.7, 0.3, 0.1]);
    const nm = getLabelQualityScores(labels, p, { method: 'normalized_margin' });
    expect(nm[0]).toBeCloseTo((0.7 - 0.2 + 1) / 2, 12);
    expect(nm[1]).toBeCloseTo((0.3 - 0.5 + 1) / 2, 12);
    expect(nm[2]).toBeCloseTo((0.1 - 0.8 + 1) / 2, 12);
    expect(Array.from(orderLabelIssues(Uint8Array.from([1, 1, 1]), labels, p, 'normalized_margin'))).toEqual([2, 1, 0]);
  });

  it('adjust_pred_probs subtracts class thresholds and renormalizes', () => {
    const p = probMatrix([
      [0.6, 0.4],
      [0.3, 0.7],
      [0.8, 0.2],
    ]);
    const labels = [0, 1, 0];
    // thresholds: class 0 -> 0.7, class 1 -> 0.7; shift by max 0.7 -> unchanged rows.
    const adj = getLabelQualityScores(labels, p, { adjustPredProbs: true });
    expect(adj[0]).toBeCloseTo(0.6, 12);
    expect(adj[1]).toBeCloseTo(0.7, 12);
  });

  it('rejects malformed input', () => {
    expect(() =>
      findLabelIssues(
        [0, 3],
        probMatrix([
          [1, 0],
          [0, 1],
        ]),
      ),
    ).toThrow(/outside/);
    expect(() =>
      findLabelIssues(
        [0],
        probMatrix([
          [1, 0],
          [0, 1],
        ]),
      ),
    ).toThrow(/differ/);
  });
});
