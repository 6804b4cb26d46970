import type { AgreementReport } from '../../../shared/labeling/types';
import {
  classAgreement,
  codeAnnotations,
  cohenKappa,
  consensusLabels,
  countMatrix,
  fleissKappa,
  krippendorffAlpha,
  labelerAgreement,
  pairLabels,
  pairwiseAgreement,
  type Annotation,
} from '../../../shared/label-stats';
import type { Db } from '../store/database';

const nullable = (x: number): number | null => (Number.isFinite(x) ? x : null);

/**
 * Agreement among labelers on the dataset's single-label classes: percent agreement (mean
 * pairwise), Cohen's kappa when exactly two labelers, Fleiss' kappa, Krippendorff's alpha
 * (nominal), per labeler and per class, and the items whose majority is tied.
 */
export function agreementReport(db: Db, datasetId: number): AgreementReport {
  const rows = db
    .prepare('SELECT item_id AS itemId, labeler AS labelerId, label FROM current_labels WHERE dataset_id = ? AND label IS NOT NULL ORDER BY item_id, labeler')
    .all(datasetId) as Annotation[];
  const coded = codeAnnotations(rows);
  const counts = countMatrix(coded);
  let multiply = 0;
  for (let i = 0; i < counts.items; i++) {
    let m = 0;
    for (let c = 0; c < counts.categories; c++) m += counts.data[i * counts.categories + c];
    if (m >= 2) multiply++;
  }
  const labelers = coded.labelers.map(String);
  let cohen: number | null = null;
  if (labelers.length === 2) {
    const pair = pairLabels(coded, coded.labelers[0], coded.labelers[1]);
    if (pair.a.length > 0) cohen = nullable(cohenKappa(pair.a, pair.b));
  }
  const consensus = consensusLabels(coded, { counts, minLabels: 2 });
  const perLabeler = labelerAgreement(coded, counts);
  return {
    items: coded.items.length,
    multiplyLabeled: multiply,
    labelers,
    percentAgreement: multiply ? nullable(pairwiseAgreement(counts)) : null,
    cohenKappa: cohen,
    fleissKappa: multiply ? nullable(fleissKappa(counts)) : null,
    krippendorffAlpha: multiply ? nullable(krippendorffAlpha(counts)) : null,
    perLabeler: perLabeler.map((l) => ({ labeler: String(l.labelerId), items: l.labeled, agreementWithConsensus: nullable(l.withConsensus) })),
    perClass: classAgreement(counts, coded.categories).map((c) => ({ label: String(c.category), kappa: nullable(c.kappa), count: c.support })),
    ties: consensus.filter((c) => c.total >= 2 && c.tied.length > 1).map((c) => Number(c.itemId)),
  };
}
