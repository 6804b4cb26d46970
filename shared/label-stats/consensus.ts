// Majority-vote consensus with ties flagged, agreement per labeler and agreement per class.

import { countMatrix, type CodedAnnotations, type CountMatrix, type Key } from './annotations';
import { cohenKappaFromMatrix } from './agreement';

export interface ConsensusLabel {
  itemId: Key;
  /** The majority label; null when the top count is tied or nobody labeled the item. */
  label: Key | null;
  votes: number;
  total: number;
  /** votes / total (0 when total is 0). */
  agreement: number;
  /** The categories sharing the top count when there is a tie (empty otherwise). */
  tied: Key[];
  needsReview: boolean;
}

/**
 * Majority label per item. An item needs review when its top count is tied, when fewer than
 * `minLabels` (default 1) labels exist, or when the majority share is below `minAgreement` (default 0).
 */
export function consensusLabels(coded: CodedAnnotations, opts: { minAgreement?: number; minLabels?: number; counts?: CountMatrix } = {}): ConsensusLabel[] {
  const counts = opts.counts ?? countMatrix(coded);
  const K = counts.categories;
  const minAgreement = opts.minAgreement ?? 0;
  const minLabels = opts.minLabels ?? 1;
  const out: ConsensusLabel[] = new Array(counts.items);
  for (let i = 0; i < counts.items; i++) {
    let best = -1;
    let top = 0;
    let ties = 0;
    let total = 0;
    for (let c = 0; c < K; c++) {
      const n = counts.data[i * K + c];
      total += n;
      if (n > top) {
        top = n;
        best = c;
        ties = 1;
      } else if (n === top && n > 0) ties++;
    }
    const tied: Key[] = [];
    if (ties > 1) for (let c = 0; c < K; c++) if (counts.data[i * K + c] === top) tied.push(coded.categories[c]);
    const agreement = total ? top / total : 0;
    const label = ties === 1 ? coded.categories[best] : null;
    out[i] = {
      itemId: coded.items[i],
      label,
      votes: top,
      total,
      agreement,
      tied,
      needsReview: label === null || total < minLabels || agreement < minAgreement,
    };
  }
  return out;
}

export interface LabelerAgreement {
  labelerId: Key;
  /** Items this labeler labeled. */
  labeled: number;
  /** Share of (this labeler, other labeler) pairs on shared items that agree. NaN with no shared items. */
  withOthers: number;
  pairs: number;
  /** Share of items where the label matches the majority of the *other* labelers (leave-one-out; ties and unlabeled-by-others skipped). */
  withConsensus: number;
  consensusItems: number;
  /** Cohen's kappa of this labeler against that leave-one-out consensus. */
  kappaWithConsensus: number;
}

/** Agreement of each labeler with the others and with the others' consensus. O(annotations x categories). */
export function labelerAgreement(coded: CodedAnnotations, counts: CountMatrix = countMatrix(coded)): LabelerAgreement[] {
  const K = counts.categories;
  const L = coded.labelers.length;
  const labeled = new Float64Array(L);
  const agreePairs = new Float64Array(L);
  const pairs = new Float64Array(L);
  const agreeCons = new Float64Array(L);
  const consItems = new Float64Array(L);
  const confusion = new Float64Array(L * K * K);
  for (let t = 0; t < coded.item.length; t++) {
    const l = coded.labeler[t];
    const i = coded.item[t];
    const c = coded.label[t];
    const row = i * K;
    labeled[l]++;
    let m = 0;
    for (let k = 0; k < K; k++) m += counts.data[row + k];
    agreePairs[l] += counts.data[row + c] - 1;
    pairs[l] += m - 1;
    if (m < 2) continue;
    // Leave-one-out majority of the others.
    let best = -1;
    let top = 0;
    let ties = 0;
    for (let k = 0; k < K; k++) {
      const n = counts.data[row + k] - (k === c ? 1 : 0);
      if (n > top) {
        top = n;
        best = k;
        ties = 1;
      } else if (n === top && n > 0) ties++;
    }
    if (ties !== 1) continue;
    consItems[l]++;
    if (best === c) agreeCons[l]++;
    confusion[l * K * K + c * K + best]++;
  }
  return coded.labelers.map((labelerId, l) => {
    const m: number[][] = [];
    for (let a = 0; a < K; a++) m.push(Array.from(confusion.subarray(l * K * K + a * K, l * K * K + (a + 1) * K)));
    return {
      labelerId,
      labeled: labeled[l],
      withOthers: pairs[l] ? agreePairs[l] / pairs[l] : NaN,
      pairs: pairs[l],
      withConsensus: consItems[l] ? agreeCons[l] / consItems[l] : NaN,
      consensusItems: consItems[l],
      kappaWithConsensus: consItems[l] ? cohenKappaFromMatrix(m) : NaN,
    };
  });
}

export interface ClassAgreement {
  category: Key;
  /** Labels given to this category (on items with at least two labels). */
  support: number;
  /**
   * Proportion of specific agreement: of the pairs in which one label is this category, the share where
   * the other is too — sum_i n_ic (n_ic - 1) / sum_i n_ic (m_i - 1).
   */
  specificAgreement: number;
  /**
   * Fleiss' (1971) category kappa, kappa_c = 1 - sum_i n_ic (m_i - n_ic) / (m_i - 1) / (T p_c q_c),
   * T = labels on items with m_i >= 2; identical to Fleiss' formula when every item has m labels.
   */
  kappa: number;
}

export function classAgreement(counts: CountMatrix, categories: readonly Key[]): ClassAgreement[] {
  const K = counts.categories;
  const support = new Float64Array(K);
  const agree = new Float64Array(K);
  const withOther = new Float64Array(K);
  const disagree = new Float64Array(K);
  let T = 0;
  for (let i = 0; i < counts.items; i++) {
    const row = i * K;
    let m = 0;
    for (let c = 0; c < K; c++) m += counts.data[row + c];
    if (m < 2) continue;
    T += m;
    for (let c = 0; c < K; c++) {
      const n = counts.data[row + c];
      if (!n) continue;
      support[c] += n;
      agree[c] += n * (n - 1);
      withOther[c] += n * (m - 1);
      disagree[c] += (n * (m - n)) / (m - 1);
    }
  }
  return categories.map((category, c) => {
    const p = T ? support[c] / T : 0;
    const pq = p * (1 - p);
    return {
      category,
      support: support[c],
      specificAgreement: withOther[c] ? agree[c] / withOther[c] : NaN,
      kappa: pq > 0 ? 1 - disagree[c] / (T * pq) : NaN,
    };
  });
}
