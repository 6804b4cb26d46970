import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EvaluationRecord } from '../../shared/api/calls/evaluation';
import { readZip } from '../../electron/core/export/bundle/zip';
import { adultLines, adultOlderThan, cliOn, dataset, tempDir } from '../helpers';

// The evaluation loop end to end on Adult: train, gate, fairness by sex, mitigation, drift of a
// shifted batch, retrain on the merged data, old vs new. The statistics themselves are checked
// against sklearn/Fairlearn/Evidently in the stats unit tests; here the wiring is.

let dir: string;
let runId: string;
const ADULT = dataset('adult.csv.gz');
const TRAIN = ['--epochs', '3', '--batch-size', '256', '--seed', '7', '--json'];

const cairn = cliOn(() => dir);

function evaluate(args: string[]): { code: number | null; stderr: string; record: EvaluationRecord } {
  const r = cairn(['evaluate', ...args, '--json']);
  return { code: r.code, stderr: r.stderr, record: r.code === 0 || r.code === 5 ? (r.json() as EvaluationRecord) : (null as unknown as EvaluationRecord) };
}

function gatesFile(name: string, gates: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify(gates));
  return file;
}

/** A minimal CSV reader for the lines of the files these tests write and of Adult (no quoted fields). */
function readCsv([head, ...lines]: string[]): { header: string[]; rows: string[][] } {
  return { header: head.split(','), rows: lines.map((l) => l.split(',')) };
}

beforeAll(() => {
  dir = tempDir('cairn-evaluate-');
  expect(cairn(['datasets', 'import', ADULT, '--name', 'adult', '--json']).code).toBe(0);
  const t = cairn(['train', '--dataset', 'adult', ...TRAIN]);
  expect(t.code, t.stderr).toBe(0);
  runId = t.json().runId;
  // A sudden shift: only people over 45.
  fs.writeFileSync(path.join(dir, 'older.csv'), adultOlderThan(45, 3000).join('\n') + '\n');
}, 90_000);

describe('cairn evaluate on Adult', () => {
  it('exits 0 when every gate passes and 5 naming the failing gate otherwise; stores each evaluation', () => {
    const pass = evaluate([
      '--run',
      runId,
      '--dataset',
      'adult',
      '--gates',
      gatesFile('pass.json', ['accuracy >= 0.75', 'roc_auc >= 0.8', 'recall[>50K] >= 0.2', 'log_loss <= 0.6', 'f1_macro > 0.6']),
    ]);
    expect(pass.code, pass.stderr).toBe(0);
    const rep = pass.record.report;
    expect(pass.record).toMatchObject({ passed: true, runId, modelVersionId: null });
    expect(rep).toMatchObject({
      classes: ['<=50K', '>50K'],
      positiveClass: '>50K',
      data: { label: 'adult@1', rows: 32561, labelColumn: 'income-per-year' },
      gatesSource: 'request',
    });
    expect(rep.gates.map((g) => g.passed)).toEqual([true, true, true, true, true]);
    expect(rep.gates[0]).toMatchObject({ expression: 'accuracy >= 0.75', metric: 'accuracy', op: '>=', threshold: 0.75, value: rep.overall.accuracy });
    expect(rep.gates[2]).toMatchObject({ argument: '>50K', value: rep.perClass[1].recall });
    // Confusion matrix: counts and the rows behind each cell agree and cover every row once.
    const cells = rep.confusion.rows.flat();
    expect(cells.map((c) => c.length)).toEqual(rep.confusion.matrix.flat());
    expect(new Set(cells.flat()).size).toBe(32561);
    expect(rep.confusion.matrix[0][0] + rep.confusion.matrix[1][1]).toBe(Math.round(rep.overall.accuracy * 32561));
    expect(rep.perClass[1].roc.fpr.length).toBeLessThanOrEqual(200);
    expect(rep.calibration.probTrue.length).toBeGreaterThan(1);
    // Slices: numeric columns in quantile bins, categories as they are; the worst big enough first.
    const age = rep.slices.columns.find((c) => c.column === 'age')!;
    expect(age).toMatchObject({ kind: 'numeric' });
    expect(age.slices.reduce((s, x) => s + x.count, 0)).toBe(32561);
    expect(
      rep.slices.columns
        .find((c) => c.column === 'sex')!
        .slices.map((s) => s.value)
        .sort(),
    ).toEqual(['Female', 'Male']);
    const worst = rep.slices.worst.map((s) => s.accuracy);
    expect(worst).toEqual([...worst].sort((a, b) => a - b));
    expect(rep.slices.worst.every((s) => s.count >= 30)).toBe(true);

    const fail = evaluate(['--run', runId, '--dataset', 'adult', '--gates', gatesFile('fail.json', ['accuracy >= 0.99', 'roc_auc >= 0.8'])]);
    expect(fail.code).toBe(5);
    expect(fail.record.passed).toBe(false);
    expect(fail.record.report.gates.filter((g) => !g.passed).map((g) => g.expression)).toEqual(['accuracy >= 0.99']);
    const human = cairn(['evaluate', '--run', runId, '--dataset', 'adult', '--gates', path.join(dir, 'fail.json')]);
    expect(human.code).toBe(5);
    expect(human.stdout).toMatch(/accuracy >= 0\.99\s+\S+\s+FAIL/);

    const db = new Database(path.join(dir, 'cairn.db'), { readonly: true });
    const rows = db.prepare('SELECT id, run_id, passed FROM evaluations ORDER BY id').all();
    db.close();
    expect(rows).toEqual([
      { id: pass.record.id, run_id: runId, passed: 1 },
      { id: fail.record.id, run_id: runId, passed: 0 },
      { id: fail.record.id + 1, run_id: runId, passed: 0 },
    ]);

    const bad = cairn(['evaluate', '--run', runId, '--dataset', 'adult', '--gates', gatesFile('bad.json', ['accuracy >= 0.9', 'acuracy >= 0.9'])]);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toMatch(/^cairn: gate "acuracy >= 0.9": unknown metric/);
    const fairnessWithout = evaluate(['--run', runId, '--dataset', 'adult', '--gates', gatesFile('dp.json', ['demographic_parity_difference[race] <= 0.2'])]);
    expect(fairnessWithout.code).toBe(5);
    expect(fairnessWithout.record.report.gates[0].reason).toMatch(/--sensitive race/);
  });

  it('measures fairness by sex as computed from `cairn predict`, and per-group thresholds bring DP under the tolerance', () => {
    const r = evaluate([
      '--run',
      runId,
      '--dataset',
      'adult',
      '--sensitive',
      'sex',
      '--tolerance',
      '0.05',
      '--value',
      'tp=100,fp=-20,tn=0,fn=-50',
      '--gates',
      gatesFile('fair.json', ['demographic_parity_difference[sex] <= 1', 'demographic_parity_ratio[sex] >= 0']),
    ]);
    expect(r.code, r.stderr).toBe(0);
    const f = r.record.report.fairness[0];
    expect(f).toMatchObject({ column: 'sex', positiveClass: '>50K' });

    // Independently: selection rates per sex from the predictions CSV of the same model on the same rows.
    const out = path.join(dir, 'pred.csv');
    expect(cairn(['predict', '--model', runId, '--input', ADULT, '--out', out]).code).toBe(0);
    const pred = readCsv(fs.readFileSync(out, 'utf8').trimEnd().split(/\r?\n/));
    const adult = readCsv(adultLines());
    const sexAt = adult.header.indexOf('sex');
    const predAt = pred.header.indexOf('predicted');
    const tally = new Map<string, { n: number; pos: number }>();
    pred.rows.forEach((row, i) => {
      const t = tally.get(adult.rows[i][sexAt]) ?? { n: 0, pos: 0 };
      t.n++;
      if (row[predAt] === '>50K') t.pos++;
      tally.set(adult.rows[i][sexAt], t);
    });
    const rates = [...tally.values()].map((t) => t.pos / t.n);
    const dp = Math.max(...rates) - Math.min(...rates);
    expect(f.demographicParityDifference.between_groups).toBeCloseTo(dp, 12);
    expect(f.demographicParityRatio.between_groups).toBeCloseTo(Math.min(...rates) / Math.max(...rates), 12);
    // Two groups: each is off the overall rate by the other's share of the difference.
    const largest = Math.max(...[...tally.values()].map((t) => t.n)) / pred.rows.length;
    expect(f.demographicParityDifference.to_overall).toBeCloseTo(dp * largest, 12);
    expect(f.demographicParityDifference.to_overall).toBeLessThan(f.demographicParityDifference.between_groups);
    expect(f.demographicParityRatio.to_overall).toBeGreaterThan(f.demographicParityRatio.between_groups);
    expect(f.groups.map((g) => [g.group, g.count])).toEqual([...tally.entries()].map(([g, t]) => [g, t.n]).sort());
    expect(f.fourFifths.passes).toBe(f.demographicParityRatio.between_groups >= 0.8);
    expect(r.record.report.gates[0].value).toBe(f.demographicParityDifference.between_groups);

    // Mitigation beside the model as it is.
    const m = f.mitigation;
    expect(m).toMatchObject({ constraint: 'demographic_parity', tolerance: 0.05, feasible: true });
    expect(m.before.demographicParityDifference).toBeCloseTo(dp, 12);
    expect(dp).toBeGreaterThan(0.05);
    expect(m.after.demographicParityDifference).toBeLessThanOrEqual(0.05 + 1e-12);
    expect(m.thresholds.map((t) => t.group)).toEqual(['Female', 'Male']);
    expect(m.after.selectionRates).toHaveLength(2);

    // Business value: the best threshold is at least as good as the default decision.
    const b = r.record.report.business!;
    expect(b.values).toEqual({ tp: 100, fp: -20, tn: 0, fn: -50 });
    const c = b.atDefault.counts;
    expect(c.tp + c.fp + c.tn + c.fn).toBe(32561);
    expect(b.atDefault.expectedValuePer1000).toBeCloseTo((1000 * (100 * c.tp - 20 * c.fp - 50 * c.fn)) / 32561, 9);
    expect(b.best.expectedValuePer1000).toBeGreaterThanOrEqual(b.atDefault.expectedValuePer1000);
    expect(b.best.threshold).toBeGreaterThan(0);
    expect(b.best.threshold).toBeLessThan(1);
  });

  it('fails a drift_share gate on a shifted batch against the training version, then retrains on the merged data', () => {
    const older = path.join(dir, 'older.csv');
    const drift = evaluate(['--run', runId, '--input', older, '--gates', gatesFile('drift.json', ['drift_share <= 0.25', 'accuracy >= 0.5'])]);
    expect(drift.code, drift.stderr).toBe(5);
    const rep = drift.record.report;
    expect(rep.data).toMatchObject({ rows: 3000, labelColumn: 'income-per-year' });
    expect(rep.drift).toMatchObject({ reference: 'adult@1', numberOfColumns: 15 });
    expect(rep.drift!.columns.find((c) => c.name === 'age')).toMatchObject({ drifted: true });
    expect(rep.gates[0]).toMatchObject({ expression: 'drift_share <= 0.25', passed: false, value: rep.drift!.shareOfDriftedColumns });
    expect(rep.gates[1].passed).toBe(true);

    // Retrain: the batch merged into the training data as a new version of the dataset.
    // Plain concatenation, one line ending throughout (the shared file ends lines with CRLF).
    const adult = adultLines();
    const merged = path.join(dir, 'adult-merged.csv');
    fs.writeFileSync(merged, [...adult, ...fs.readFileSync(older, 'utf8').trimEnd().split('\n').slice(1)].join('\n') + '\n');
    const imp = cairn(['datasets', 'import', merged, '--name', 'adult', '--json']);
    expect(imp.code, imp.stderr).toBe(0);
    expect(imp.json()).toMatchObject({ name: 'adult', version: 2, rows: 35561 });
    const t = cairn(['train', '--dataset', 'adult@2', ...TRAIN]);
    expect(t.code, t.stderr).toBe(0);
    const newRun = t.json().runId as string;

    // Old vs new on the latest data: both reports, against the same rows.
    const [oldEval, newEval] = [runId, newRun].map((id) => evaluate(['--run', id, '--dataset', 'adult', '--gates', gatesFile('none.json', [])]));
    for (const e of [oldEval, newEval]) {
      expect(e.code, e.stderr).toBe(0);
      expect(e.record.report.data).toMatchObject({ label: 'adult@2', rows: 35561 });
      expect(e.record.report.overall.accuracy).toBeGreaterThan(0.5);
    }
    expect(oldEval.record.runId).toBe(runId);
    expect(newEval.record.runId).toBe(newRun);
    // The new run's training version is adult@2, so its default drift reference is too.
    const d = evaluate(['--run', newRun, '--input', older, '--gates', path.join(dir, 'drift.json')]);
    expect(d.record.report.drift!.reference).toBe('adult@2');
  });
});

describe('cairn evaluate on breast cancer', () => {
  it('gates per class by label name; the bare class metric means the positive (second sorted) class; a passing evaluation lets champion move and travels in the bundle', async () => {
    expect(cairn(['datasets', 'import', dataset('breast_cancer.csv'), '--name', 'bc', '--json']).code).toBe(0);
    const split = cairn(['datasets', 'split', 'bc', '--json']);
    expect(split.code, split.stderr).toBe(0);
    const testRows = split.json().counts.test as number;
    const t = cairn(['train', '--dataset', 'bc', '--epochs', '30', '--lr', '0.01', '--seed', '3', '--json']);
    expect(t.code, t.stderr).toBe(0);
    const bcRun = t.json().runId as string;
    expect(cairn(['models', 'register', bcRun, '--name', 'bc-model', '--json']).code).toBe(0);
    const noEval = cairn(['models', 'alias', 'bc-model', '1', 'champion']);
    expect(noEval.code).not.toBe(0);

    const gates = ['recall[malignant] >= 0.9', 'precision[benign] >= 0.9', 'recall >= 0.9', 'roc_auc >= 0.95'];
    const r = evaluate(['--run', 'bc-model@1', '--dataset', 'bc', '--gates', gatesFile('bc.json', gates)]);
    const rep = r.record.report;
    expect(r.code).toBe(rep.passed ? 0 : 5);
    expect(r.record).toMatchObject({ runId: bcRun, modelVersionId: expect.any(Number) });
    expect(rep).toMatchObject({ classes: ['benign', 'malignant'], positiveClass: 'malignant', model: { name: 'bc-model', version: 1 } });
    const byLabel = Object.fromEntries(rep.perClass.map((c) => [c.label, c]));
    expect(rep.gates.map((g) => [g.argument, g.value])).toEqual([
      ['malignant', byLabel.malignant.recall],
      ['benign', byLabel.benign.precision],
      ['malignant', byLabel.malignant.recall],
      [null, byLabel.malignant.rocAuc],
    ]);
    expect(byLabel.malignant.recall).toBeGreaterThan(0.8);
    // The version's test part, which the run neither fitted nor validated on.
    expect(byLabel.malignant.support + byLabel.benign.support).toBe(testRows);
    expect(r.record).toMatchObject({ split: 'test', rows: testRows, trainingOverlap: 0 });

    // Champion moves on a passing held-out evaluation only (without an override).
    const ok = evaluate(['--run', 'bc-model@1', '--dataset', 'bc', '--gates', gatesFile('bc-ok.json', ['accuracy >= 0.5'])]);
    expect(ok.code, ok.stderr).toBe(0);
    const champ = cairn(['models', 'alias', 'bc-model', '1', 'champion', '--json']);
    expect(champ.code, champ.stderr).toBe(0);
    expect(champ.json().aliases).toMatchObject({ champion: 1 });

    // The handoff bundle carries that evaluation in full.
    const zip = path.join(dir, 'bc.zip');
    expect(cairn(['export', 'bc-model@champion', '--out', zip]).code).toBe(0);
    const files = await readZip(zip);
    const carried = JSON.parse(files.get('evaluation.json')!.toString('utf8'));
    expect(carried).toMatchObject({ evaluationId: ok.record.id, status: 'passed' });
    expect(carried.report.overall.accuracy).toBe(ok.record.report.overall.accuracy);
    expect(JSON.parse(files.get('manifest.json')!.toString('utf8')).files.map((f: { path: string }) => f.path)).toContain('evaluation.json');
  });
});
