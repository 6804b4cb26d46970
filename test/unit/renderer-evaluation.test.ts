import { describe, expect, it } from 'vitest';
import type { EvaluationReport } from '../../shared/api/calls/evaluation';
import { parseRoute, routeHref, type Route } from '../../renderer/src/lib/route';
import {
  CSV_CHOICE,
  evaluationRequest,
  parseGateLines,
  sensitiveCandidates,
  type EvalDataChoice,
  type EvalForm,
} from '../../renderer/src/features/evaluation/evaluationRequest';
import { calibrationLines, prLines, rocLines } from '../../renderer/src/features/evaluation/reportCurves';

const adult: EvalDataChoice = {
  key: '1@2',
  datasetId: 1,
  version: 2,
  label: 'adult@2',
  rows: 100,
  labelColumn: 'income',
  classes: ['<=50K', '>50K'],
  columns: [
    { name: 'age', type: 'numeric', missing: 0, distinct: 70 },
    { name: 'sex', type: 'categorical', missing: 0, distinct: 2 },
    { name: 'race', type: 'categorical', missing: 0, distinct: 5 },
    { name: 'income', type: 'categorical', missing: 0, distinct: 2 },
  ],
};

const form = (patch: Partial<EvalForm> = {}): EvalForm => ({
  model: 'abc123',
  data: '1@2',
  dataPath: '',
  split: '',
  gatesText: '',
  saveGates: false,
  sensitive: [],
  positive: '',
  values: { tp: '', fp: '', tn: '', fn: '' },
  ...patch,
});

describe('evaluation routes', () => {
  it('round-trips the form (with and without a run) and the report', () => {
    const routes: Route[] = [
      { name: 'new-evaluation', runId: null },
      { name: 'new-evaluation', runId: 'run 1' },
      { name: 'evaluation', evaluationId: 12 },
    ];
    for (const r of routes) expect(parseRoute(routeHref(r))).toEqual(r);
    expect(parseRoute('#/evaluations/x').name).toBe('not-found');
  });
});

describe('evaluation form', () => {
  it('reads one gate per line, skipping blanks and # comments', () => {
    expect(parseGateLines('accuracy >= 0.9\n\n  # why\n recall[a] >= 0.5 \r\n')).toEqual(['accuracy >= 0.9', 'recall[a] >= 0.5']);
  });

  it('builds the call from a dataset version, gates, sensitive columns and outcome values', () => {
    const r = evaluationRequest(
      form({ gatesText: 'accuracy >= 0.8', sensitive: ['sex'], positive: '>50K', values: { tp: '100', fp: '-20', tn: '', fn: '-50' } }),
      [adult],
    );
    expect(r.ok && r.input).toMatchObject({
      model: 'abc123',
      data: { datasetId: 1, version: 2 },
      gates: ['accuracy >= 0.8'],
      sensitive: ['sex'],
      positive: '>50K',
      values: { tp: 100, fp: -20, tn: 0, fn: -50 },
    });
  });

  it('sends no outcome values when all are blank, and a CSV path when chosen', () => {
    const r = evaluationRequest(form({ data: CSV_CHOICE, dataPath: ' /tmp/h.csv ' }), [adult]);
    expect(r.ok && r.input.data).toEqual({ path: '/tmp/h.csv' });
    expect(r.ok && 'values' in r.input).toBe(false);
  });

  it('names what is missing', () => {
    expect(evaluationRequest(form({ model: ' ' }), [adult]).ok).toBe(false);
    expect(evaluationRequest(form({ data: CSV_CHOICE }), [adult])).toEqual({ ok: false, error: 'Type the path of a labelled CSV file' });
    expect(evaluationRequest(form({ values: { tp: 'x', fp: '', tn: '', fn: '' } }), [adult]).ok).toBe(false);
  });

  it('evaluates the test part of a version with a stored split unless told otherwise; a version without one whole', () => {
    const split = { ...adult, split: { train: 70, validation: 15, test: 15 } };
    expect(evaluationRequest(form(), [split]).ok && evaluationRequest(form(), [split])).toMatchObject({ input: { split: 'test' } });
    expect(evaluationRequest(form({ split: 'validation' }), [split])).toMatchObject({ input: { split: 'validation' } });
    expect(evaluationRequest(form(), [{ ...adult, split: null }])).toMatchObject({ input: { split: 'all' } });
    // Split not read yet: left to the core, which picks the same default.
    const unread = evaluationRequest(form(), [adult]);
    expect(unread.ok && 'split' in unread.input).toBe(false);
    const csv = evaluationRequest(form({ data: CSV_CHOICE, dataPath: '/tmp/h.csv', split: 'test' }), [split]);
    expect(csv.ok && 'split' in csv.input).toBe(false);
  });

  it('offers sensitive columns with few groups, never the label', () => {
    expect(sensitiveCandidates(adult).map((c) => c.name)).toEqual(['sex', 'race']);
    expect(sensitiveCandidates(undefined)).toEqual([]);
  });
});

describe('report curves', () => {
  const cls = (label: string) => ({
    label,
    precision: 1,
    recall: 1,
    f1: 1,
    support: 1,
    rocAuc: 0.9,
    averagePrecision: 0.8,
    ece: 0.1,
    calibration: { probTrue: [], probPred: [], counts: [], edges: [] },
    roc: { fpr: [0, 0.5, 1], tpr: [0, 0.9, 1], thresholds: [Infinity, 0.5, 0] },
    // JSON turns NaN into null: such points are dropped.
    pr: { precision: [0.5, 1, null as unknown as number], recall: [1, 0.5, 0], thresholds: [0.2, 0.7] },
  });
  const report = {
    classes: ['a', 'b'],
    positiveClass: 'b',
    perClass: [cls('a'), cls('b')],
    overall: { ece: 0.05 },
    calibration: { probTrue: [0.1, 0.9], probPred: [0.2, 0.8], counts: [5, 5], edges: [0, 0.5, 1] },
  } as unknown as EvaluationReport;

  it('draws only the positive class of a binary model, plus the chance line', () => {
    expect(rocLines(report).map((l) => l.id)).toEqual(['roc:b', 'chance']);
  });

  it('sorts PR points by recall and drops non-finite ones', () => {
    const [line] = prLines(report);
    expect(line.steps).toEqual([0.5, 1]);
    expect(line.values).toEqual([1, 0.5]);
  });

  it('plots calibration as mean predicted against observed', () => {
    const [model] = calibrationLines(report);
    expect(model.steps).toEqual([0.2, 0.8]);
    expect(model.values).toEqual([0.1, 0.9]);
  });
});
