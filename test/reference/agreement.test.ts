// Cairn's labeler agreement against sklearn (Cohen), statsmodels (Fleiss) and Krippendorff's formula
// (values from generate.py). Three labelers per item: the dataset's label, a model and a threshold rule.

import { describe, expect, it } from 'vitest';
import { type Annotation, aggregateRaters, cohenKappa, fleissKappa, krippendorffAlpha, krippendorffAlphaFromAnnotations } from '../../shared/label-stats';
import { adultScore, column, expectClose, golden, ruleRater, table } from './cases';

interface GoldenAgreement {
  name: 'iris' | 'wine' | 'adult';
  categories: string[];
  cohen: Record<'none' | 'linear' | 'quadratic', number>;
  fleiss: Record<'fleiss' | 'randolph', number>;
  krippendorff: Record<'nominal' | 'ordinal' | 'interval' | 'ratio', number>;
  missingEvery: number;
}

const file = golden<{ cases: GoldenAgreement[] }>('agreement.json');
const evaluation = golden<{ inputs: Record<string, { labels: string[]; permille: number[][] }> }>('evaluation.json');

/** generate.py agreement: the three labelers' labels, item by item. */
async function raters(name: GoldenAgreement['name']): Promise<string[][]> {
  const t = await table(name);
  if (name === 'adult') {
    return [
      column(t, 'income-per-year') as string[],
      adultScore(t).map((k) => (k >= 500 ? '>50K' : '<=50K')),
      column(t, 'education-num').map((v) => ((v as number) >= 13 ? '>50K' : '<=50K')),
    ];
  }
  const { labels, permille } = evaluation.inputs[name];
  const model = permille.map((row) => labels[row.indexOf(Math.max(...row))]);
  return [column(t, 'label') as string[], model, ruleRater(name, t)];
}

describe.each(file.cases)('agreement golden $name', (g) => {
  it("Cohen's kappa of the first two labelers, unweighted, linear and quadratic (sklearn cohen_kappa_score)", async () => {
    const [a, b] = await raters(g.name);
    expectClose(cohenKappa(a, b), g.cohen.none, 'unweighted');
    expectClose(cohenKappa(a, b, { weights: 'linear' }), g.cohen.linear, 'linear');
    expectClose(cohenKappa(a, b, { weights: 'quadratic' }), g.cohen.quadratic, 'quadratic');
  });

  it("Fleiss' kappa of the three labelers, Fleiss and Randolph (statsmodels fleiss_kappa)", async () => {
    const r = await raters(g.name);
    const { counts, categories } = aggregateRaters(r[0].map((_, i) => r.map((x) => x[i])));
    expect(categories).toEqual(g.categories);
    expectClose(fleissKappa(counts), g.fleiss.fleiss, 'fleiss');
    expectClose(fleissKappa(counts, { method: 'randolph' }), g.fleiss.randolph, 'randolph');
  });

  it("Krippendorff's alpha with the third labeler missing on some items: nominal, ordinal, interval, ratio", async () => {
    const r = await raters(g.name);
    const annotations: Annotation[] = [];
    r.forEach((labels, j) =>
      labels.forEach((label, i) => {
        if (j === r.length - 1 && i % g.missingEvery === 0) return;
        annotations.push({ itemId: i, labelerId: j, label });
      }),
    );
    expectClose(krippendorffAlphaFromAnnotations(annotations), g.krippendorff.nominal, 'nominal');
    expectClose(krippendorffAlphaFromAnnotations(annotations, { level: 'ordinal' }), g.krippendorff.ordinal, 'ordinal');
    // Interval distances on the category indices 0, 1, 2, ... (the golden file's values).
    const { counts } = aggregateRaters(
      r[0].map((_, i) => r.filter((_, j) => !(j === r.length - 1 && i % g.missingEvery === 0)).map((x) => x[i])),
      g.categories,
    );
    expectClose(krippendorffAlpha(counts, { level: 'interval', values: g.categories.map((_, i) => i) }), g.krippendorff.interval, 'interval');
    // Ratio distances on 1, 2, 3, ...
    expectClose(krippendorffAlpha(counts, { level: 'ratio', values: g.categories.map((_, i) => i + 1) }), g.krippendorff.ratio, 'ratio');
  });
});
