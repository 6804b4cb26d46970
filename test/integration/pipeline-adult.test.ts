import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { adultMonths, dropMonth } from '../adult-months';
import { cliOn, tempDir } from '../helpers';

// The continuous-training loop on Adult: three "monthly" files land in a watched folder. Month 1
// makes the first champion. Month 2 arrives with a sudden shift (everyone's hours-per-week up 15)
// and historical bias in its labels (no woman earns >50K, every man with some college does): its
// challenger fails the fairness non-regression gate and is held back. Month 3 drifts slowly (age
// creeps up over the month) with fair labels: its challenger passes and is promoted.

let dir: string;
let inbox: string;
let spec: string;

const cairn = cliOn(() => dir, 300_000);

beforeAll(() => {
  dir = tempDir('cairn-pipeline-adult-');
  inbox = path.join(dir, 'inbox');
  fs.mkdirSync(inbox);
  spec = path.join(dir, 'adult.yaml');
  fs.writeFileSync(
    spec,
    `name: adult-monthly
dataset: adult-monthly
model: income
trigger: { kind: watch, folder: inbox, glob: "month-*.csv" }
split: { validation: 0.1, test: 0.3, seed: 11 }
steps:
  - type: import
    mode: replace
  - type: quality
    gates: { missing_share: 0.05, conflicting_labels: 50 }
  - type: drift
  - type: train
    config: { epochs: 6, batchSize: 64, learningRate: 0.005, mlp: { hiddenUnits: [16] }, seed: 7 }
  - type: evaluate
    sensitive: [sex]
    positive: ">50K"
    gates: { accuracy: 0.75 }
  - type: compare
    require:
      - "accuracy >= champion - 0.05"
      - "demographic_parity_difference[sex] <= champion + 0.03"
  - type: register
  - type: promote
    margin: -0.05
`,
  );
});

describe('pipeline on Adult, month by month', () => {
  it('promotes the first model, holds back the biased challenger, promotes the fair one', () => {
    const adult = adultMonths();
    const { header } = adult;
    const [sex, educationNum, income] = ['sex', 'education-num', 'income-per-year'].map(adult.col);
    const drop = (name: string, rows: string[][], month: number) => dropMonth(inbox, name, header, rows, month);

    drop('month-1.csv', adult.month(1), 1);
    const first = cairn(['pipeline', 'run', spec, '--json']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.json()).toMatchObject({ status: 'succeeded', decision: 'promoted', trigger: { file: path.join(inbox, 'month-1.csv') } });

    const month2 = adult.sudden().map((r) => {
      const out = [...r];
      out[income] = r[sex] === 'Female' ? '<=50K' : Number(r[educationNum]) >= 10 ? '>50K' : r[income];
      return out;
    });
    drop('month-2.csv', month2, 2);
    const second = cairn(['pipeline', 'run', spec, '--json']);
    expect(second.code, second.stderr).toBe(5);
    const held = second.json();
    expect(held).toMatchObject({ status: 'gate_failed', decision: 'held_back' });
    expect(held.steps.map((s: any) => [s.name, s.status])).toEqual([
      ['import', 'succeeded'],
      ['quality', 'succeeded'],
      ['drift', 'succeeded'],
      ['train', 'succeeded'],
      ['evaluate', 'succeeded'],
      ['compare', 'gate_failed'],
      ['register', 'skipped'],
      ['promote', 'skipped'],
    ]);
    const compare2 = held.steps[5].outputs;
    expect(compare2.champion).toMatchObject({ version: 1 });
    expect(compare2.gates.map((g: any) => [g.expression, g.passed])).toEqual([
      ['accuracy >= champion - 0.05', true],
      ['demographic_parity_difference[sex] <= champion + 0.03', false],
    ]);
    expect(held.reason).toMatch(
      /^against champion income v1 on \d+ held-out rows: demographic_parity_difference\[sex\] <= champion \+ 0\.03 \(0\.\d+\) \(champion 0\.\d+\)$/,
    );
    // The drift step names the sudden change, and the labels' shift, against the champion's training month (Evidently's default tests).
    const drift2 = held.steps[2].outputs;
    expect(drift2.columns.filter((c: any) => c.drifted).map((c: any) => c.name)).toEqual(['hours-per-week', 'income-per-year']);
    expect(drift2.share).toBeCloseTo(2 / 15, 12);
    // Its timeline (month 1's ten chunks, then month 2's) names the shift: hours-per-week, sudden at month 2's first chunk.
    expect(drift2.timeline).toMatchObject({ model: 'income@1', chunks: 20, firstChunk: 10 });
    expect(drift2.timeline.changes.filter((c: any) => c.column)).toEqual([
      { kind: 'sudden', column: 'hours-per-week', chunk: 10, magnitude: expect.any(Number) },
    ]);

    drop('month-3.csv', adult.gradual(), 3);
    const third = cairn(['pipeline', 'run', spec, '--json']);
    expect(third.code, third.stderr).toBe(0);
    const promoted = third.json();
    expect(promoted).toMatchObject({ status: 'succeeded', decision: 'promoted' });
    expect(promoted.reason).toMatch(
      /^income v2 (beat|stayed within the margin of) champion v1 on accuracy \([+-]\d\.\d{4}, margin -0\.05\) and every gate passed$/,
    );
    expect(promoted.steps[5].outputs.gates.every((g: any) => g.passed)).toBe(true);
    const drift3 = promoted.steps[2].outputs;
    expect(drift3.columns.filter((c: any) => c.drifted).map((c: any) => c.name)).toEqual(['age']);
    // Month 3 against the champion still trained on month 1: age drifts gradually within the month.
    expect(drift3.timeline).toMatchObject({ model: 'income@1', firstChunk: 10 });
    expect(drift3.timeline.changes.filter((c: any) => c.column)).toEqual([
      { kind: 'gradual', column: 'age', chunk: expect.any(Number), slope: expect.any(Number), p: expect.any(Number) },
    ]);

    expect(cairn(['pipeline', 'run', spec, '--json']).json()).toMatchObject({ status: 'nothing_to_do' });

    const db = new Database(path.join(dir, 'cairn.db'), { readonly: true });
    expect(db.prepare('SELECT decision FROM pipeline_runs ORDER BY id').pluck().all()).toEqual(['promoted', 'held_back', 'promoted']);
    expect(db.prepare('SELECT h.alias, v.version FROM model_alias_history h JOIN model_versions v ON v.id = h.version_id ORDER BY h.id').all()).toEqual([
      { alias: 'champion', version: 1 },
      { alias: 'champion', version: 2 },
    ]);
    // The held-back month trained a model that never reached the registry.
    expect(db.prepare('SELECT COUNT(*) FROM runs').pluck().get()).toBe(3);
    expect(db.prepare('SELECT COUNT(*) FROM model_versions').pluck().get()).toBe(2);
    db.close();
  });
});
