import { describe, expect, it } from 'vitest';
import { CLASS_METRICS, FAIRNESS_METRICS, GateSyntaxError, SCALAR_METRICS, evaluateGates, parseGate, parseGates, type GateMetrics } from '../../shared/gates';

describe('gate parser', () => {
  it('parses every scalar metric with every operator', () => {
    const ops = ['>=', '>', '<=', '<', '==', '!='] as const;
    for (const metric of SCALAR_METRICS) {
      for (const op of ops) {
        const g = parseGate(`${metric} ${op} 0.25`);
        expect(g).toMatchObject({ metric, op, threshold: 0.25, target: { kind: 'scalar', metric } });
      }
    }
    expect(parseGate('accuracy = 1').op).toBe('==');
    expect(parseGate('  log_loss<=0.4  ')).toMatchObject({ expression: 'log_loss<=0.4', metric: 'log_loss', op: '<=', threshold: 0.4 });
    expect(parseGate('ece <= 5e-2').threshold).toBe(0.05);
    expect(parseGate('expected_value >= -10').threshold).toBe(-10);
  });

  it('reads a class label in brackets, odd characters and quotes included; bare class metrics mean the positive class', () => {
    for (const metric of CLASS_METRICS) expect(parseGate(`${metric}[malignant] >= 0.9`).target).toEqual({ kind: 'class', metric, label: 'malignant' });
    expect(parseGate('recall[>50K] >= 0.6').target).toEqual({ kind: 'class', metric: 'recall', label: '>50K' });
    expect(parseGate('precision[<=50K]>0.8')).toMatchObject({ op: '>', threshold: 0.8, target: { label: '<=50K' } });
    expect(parseGate('f1["a, b"] >= 0.5').target).toEqual({ kind: 'class', metric: 'f1', label: 'a, b' });
    expect(parseGate('recall[ setosa ] >= 0.5').target).toMatchObject({ label: 'setosa' });
    expect(parseGate('recall >= 0.9').target).toEqual({ kind: 'class', metric: 'recall', label: null });
    // roc_auc, average_precision and ece are whole-model numbers unless a class is named.
    expect(parseGate('roc_auc >= 0.9').target).toEqual({ kind: 'scalar', metric: 'roc_auc' });
    expect(parseGate('roc_auc[virginica] >= 0.9').target).toEqual({ kind: 'class', metric: 'roc_auc', label: 'virginica' });
  });

  it('reads a sensitive column and an optional disparity method for fairness metrics', () => {
    for (const metric of FAIRNESS_METRICS)
      expect(parseGate(`${metric}[sex] <= 0.1`).target).toEqual({ kind: 'fairness', metric, column: 'sex', method: 'between_groups' });
    expect(parseGate('demographic_parity_difference[race, to_overall] <= 0.2').target).toEqual({
      kind: 'fairness',
      metric: 'demographic_parity_difference',
      column: 'race',
      method: 'to_overall',
    });
  });

  it('names the bad expression in every error', () => {
    const bad: [string, RegExp][] = [
      ['accuracy >= ', /expected <metric>/],
      ['accuracy 0.9', /expected <metric>/],
      ['accuracy >= high', /not a number/],
      ['acuracy >= 0.9', /unknown metric "acuracy"/],
      ['accuracy[sex] >= 0.9', /takes no argument/],
      ['demographic_parity_difference <= 0.1', /needs a sensitive column/],
      ['demographic_parity_difference[sex, worst] <= 0.1', /not a method/],
      ['recall[a, b] >= 0.1', /one class label/],
      ['recall[] >= 0.1', /empty argument/],
      ['accuracy => 0.9', /expected <metric>|not a number/],
      // The filter language's hazards, here too: no NaN or infinite threshold, no half-quoted label.
      ['accuracy >= NaN', /the threshold "NaN" is not a number/],
      ['accuracy >= Infinity', /the threshold "Infinity" is not a number/],
      ['accuracy >= 1e999', /the threshold "1e999" is not a number/],
      ['recall["malignant] >= 0.9', /an unclosed " in \[ \]/],
      ["recall[a, 'b] >= 0.9", /an unclosed ' in \[ \]/],
    ];
    for (const [expr, reason] of bad) {
      let err: unknown;
      try {
        parseGate(expr);
      } catch (e) {
        err = e;
      }
      expect(err, expr).toBeInstanceOf(GateSyntaxError);
      expect((err as Error).message).toContain(`"${expr}"`);
      expect((err as Error).message, expr).toMatch(reason);
    }
    expect(() => parseGates(['accuracy >= 0.9', 'bogus > 1'])).toThrow(/gate "bogus > 1": unknown metric/);
  });
});

describe('gate evaluation', () => {
  const metrics: GateMetrics = {
    scalars: { accuracy: 0.91, f1_macro: 0.8, roc_auc: 0.95, log_loss: 0.35, ece: 0.02, drift_share: 0.4, balanced_accuracy: Number.NaN },
    perClass: { benign: { precision: 0.95, recall: 0.96, f1: 0.955 }, malignant: { precision: 0.93, recall: 0.97, f1: 0.95 } },
    positiveClass: 'malignant',
    fairness: {
      sex: { demographic_parity_difference: { between_groups: 0.12, to_overall: 0.07 }, demographic_parity_ratio: { between_groups: 0.85, to_overall: 0.9 } },
    },
  };
  const run = (exprs: string[]) => evaluateGates(parseGates(exprs), metrics);

  it('compares values with each operator, exact bounds included', () => {
    const r = run(['accuracy >= 0.91', 'accuracy > 0.91', 'f1_macro > 0.8', 'log_loss <= 0.4', 'ece < 0.02', 'roc_auc == 0.95', 'roc_auc != 0.95']);
    expect(r.map((g) => g.passed)).toEqual([true, false, false, true, false, true, false]);
    expect(r[0]).toEqual({ expression: 'accuracy >= 0.91', metric: 'accuracy', argument: null, value: 0.91, op: '>=', threshold: 0.91, passed: true });
  });

  it('looks up class metrics by label, bare ones on the positive class', () => {
    const [named, bare, unknown] = run(['recall[malignant] >= 0.97', 'recall >= 0.97', 'recall[cat] >= 0.5']);
    expect(named).toMatchObject({ argument: 'malignant', value: 0.97, passed: true });
    expect(bare).toMatchObject({ argument: 'malignant', value: 0.97, passed: true });
    expect(unknown).toMatchObject({ argument: 'cat', value: null, passed: false });
    expect(unknown.reason).toMatch(/no class "cat".*benign, malignant/);
    const multi = evaluateGates(parseGates(['recall >= 0.5']), { ...metrics, positiveClass: null })[0];
    expect(multi).toMatchObject({ passed: false, value: null });
    expect(multi.reason).toMatch(/name a class/);
  });

  it('uses the chosen disparity method, and fails a fairness gate on a column not analysed, saying so', () => {
    const r = run([
      'demographic_parity_difference[sex] <= 0.1',
      'demographic_parity_difference[sex, to_overall] <= 0.1',
      'demographic_parity_ratio[sex] >= 0.8',
      'equalized_odds_difference[race] <= 0.2',
      'equalized_odds_difference[sex] <= 0.2',
    ]);
    expect(r.map((g) => [g.value, g.passed])).toEqual([
      [0.12, false],
      [0.07, true],
      [0.85, true],
      [null, false],
      [null, false],
    ]);
    expect(r[3].reason).toMatch(/--sensitive race/);
    expect(r[4].reason).toMatch(/not computed/);
  });

  it('fails gates on metrics that were not computed or are NaN, with a reason', () => {
    const [drift, value, nan] = run(['drift_share <= 0.3', 'expected_value >= 0', 'balanced_accuracy >= 0.5']);
    expect(drift).toMatchObject({ value: 0.4, passed: false });
    expect(value).toMatchObject({ value: null, passed: false });
    expect(value.reason).toMatch(/--value/);
    expect(nan).toMatchObject({ value: null, passed: false });
    expect(nan.reason).toMatch(/NaN/);
    const noDrift = evaluateGates(parseGates(['drift_share <= 0.3']), { ...metrics, scalars: {} })[0];
    expect(noDrift.reason).toMatch(/drift reference/);
  });
});
