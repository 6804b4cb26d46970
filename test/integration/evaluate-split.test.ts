import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EvaluationRecord } from '../../shared/api/calls/evaluation';
import { cliOn, dataset, tempDir } from '../helpers';

// Evaluation on held-out rows, through the CLI as a user runs it: a run fits on its version's
// stored split, an evaluation defaults to the test part, counts the rows the model trained on,
// and only a held-out evaluation that passed its gates lets champion move without a reason.

let dir: string;
let runId: string;
let counts: { train: number; validation: number; test: number };
/** Part of the stored split per position of iris@1, read from the store. */
let part: string[];
const IRIS = dataset('iris.csv');

const cairn = cliOn(() => dir);

function evaluate(args: string[]): { code: number | null; stderr: string; record: EvaluationRecord } {
  const r = cairn(['evaluate', ...args, '--json']);
  expect([0, 5], r.stderr).toContain(r.code);
  return { code: r.code, stderr: r.stderr, record: r.json() as EvaluationRecord };
}

function gatesFile(name: string, gates: string[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify(gates));
  return file;
}

const irisLines = () => fs.readFileSync(IRIS, 'utf8').trimEnd().split(/\r?\n/);
/** The feature cells of a CSV line (the label is the last column in iris.csv). */
const features = (line: string) => line.split(',').slice(0, -1).map(Number).join(',');

beforeAll(() => {
  dir = tempDir('cairn-evaluate-split-');
  expect(cairn(['datasets', 'import', IRIS, '--name', 'iris', '--json']).code).toBe(0);
  const s = cairn(['datasets', 'split', 'iris', '--json']);
  expect(s.code, s.stderr).toBe(0);
  counts = s.json().counts;
  const db = new Database(path.join(dir, 'cairn.db'), { readonly: true });
  part = db
    .prepare('SELECT s.split FROM version_splits s JOIN dataset_versions v ON v.id = s.version_id WHERE v.version = 1 ORDER BY s.position')
    .pluck()
    .all() as string[];
  db.close();
  const t = cairn(['train', '--dataset', 'iris', '--epochs', '12', '--seed', '5', '--json']);
  expect(t.code, t.stderr).toBe(0);
  runId = t.json().runId;
  expect(cairn(['models', 'register', runId, '--name', 'iris-clf', '--json']).code).toBe(0);
}, 120_000);

describe('training on a version with a stored split', () => {
  it('fits on train, validates on validation (ignoring validationSplit) and records those rows on the run', () => {
    const v = cairn(['models', 'show', 'iris-clf', '--json']).json().versions[0];
    expect(v.lineage.trainingRows).toEqual({ source: 'split', validationFraction: null, seed: 42, trainRows: counts.train, validationRows: counts.validation });
    // The run's own last val_accuracy was measured on exactly the validation part.
    const onValidation = evaluate(['--run', runId, '--dataset', 'iris', '--split', 'validation']).record;
    expect(onValidation).toMatchObject({ split: 'validation', rows: counts.validation, trainingOverlap: 0 });
    expect(onValidation.report.overall.accuracy).toBeCloseTo(v.lineage.metrics.val_accuracy, 6);
  });

  it('says --validation-split is ignored on a version with a stored split', () => {
    const t = cairn(['train', '--dataset', 'iris', '--epochs', '1', '--validation-split', '0.4', '--json']);
    expect(t.code, t.stderr).toBe(0);
    expect(t.stderr).toMatch(/--validation-split is ignored: iris has a stored split/);
    const rows = cairn(['models', 'register', t.json().runId, '--name', 'iris-one-epoch', '--json']).json().lineage.trainingRows;
    expect(rows).toMatchObject({ source: 'split', validationFraction: null, trainRows: counts.train, validationRows: counts.validation });
  });
});

describe('cairn evaluate --split', () => {
  it('defaults to the test part on a split version and says so with its row count', () => {
    const r = evaluate(['--run', runId, '--dataset', 'iris']);
    expect(r.record).toMatchObject({ split: 'test', rows: counts.test, gateStatus: 'no_gates', passed: false });
    expect(r.record.report).toMatchObject({ split: 'test', data: { rows: counts.test } });
    // Content overlap computed here from the file: test rows whose features equal a train row's.
    const lines = irisLines().slice(1);
    const trained = new Set(lines.filter((_, i) => part[i] === 'train').map(features));
    const expected = lines.filter((l, i) => part[i] === 'test' && trained.has(features(l))).length;
    expect(r.record.trainingOverlap).toBe(expected);
    const support = r.record.report.perClass.reduce((n, c) => n + c.support, 0);
    expect(support).toBe(counts.test);
  });

  it('marks an evaluation on the train part as on training data, on stderr and in the report', () => {
    const r = evaluate(['--run', runId, '--dataset', 'iris', '--split', 'train']);
    expect(r.record).toMatchObject({ split: 'train', rows: counts.train, trainingOverlap: counts.train });
    expect(r.stderr).toMatch(new RegExp(`evaluated on training data: ${counts.train} of ${counts.train} rows`));
    expect(r.record.report.trainingOverlap).toBe(counts.train);
    const human = cairn(['evaluate', '--run', runId, '--dataset', 'iris', '--split', 'train']);
    expect(human.stdout).toMatch(new RegExp(`EVALUATED ON TRAINING DATA: ${counts.train} of ${counts.train} rows`));
    expect(human.stdout).toMatch(/no gates/);
  });

  it('counts the training rows in a CSV file by content', () => {
    const lines = irisLines();
    const file = path.join(dir, 'iris-train-rows.csv');
    fs.writeFileSync(file, [lines[0], ...lines.slice(1).filter((_, i) => part[i] === 'train')].join('\n') + '\n');
    const r = evaluate(['--run', runId, '--input', file]);
    expect(r.record).toMatchObject({ split: 'all', rows: counts.train, trainingOverlap: counts.train });
    const bad = cairn(['evaluate', '--run', runId, '--input', file, '--split', 'test']);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/No test part in a CSV file: splits are stored with dataset versions, so .* is evaluated whole \(--split\)/);
  });

  it('evaluates a version without a split whole, with a warning, and refuses a split it lacks', () => {
    expect(cairn(['datasets', 'import', dataset('wine.csv'), '--name', 'wine', '--json']).code).toBe(0);
    const t = cairn(['train', '--dataset', 'wine', '--epochs', '3', '--json']);
    expect(t.code, t.stderr).toBe(0);
    const r = evaluate(['--run', t.json().runId, '--dataset', 'wine']);
    const rows = csvRows(dataset('wine.csv'));
    // validationSplit 0.2 of 178 rows, no duplicate rows in wine: the rest were trained on.
    expect(r.record).toMatchObject({ split: 'all', rows, trainingOverlap: rows - Math.round(rows * 0.2) });
    expect(r.stderr).toMatch(/wine@1 has no stored split, so every row is evaluated/);
    const bad = cairn(['evaluate', '--run', t.json().runId, '--dataset', 'wine', '--split', 'test']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/No test part: wine@1 has no stored split; split the dataset first, or evaluate all rows \(--split\)/);
    expect(cairn(['evaluate', '--run', runId, '--dataset', 'iris', '--split', 'holdout']).stderr).toMatch(
      /--split holdout: expected one of test, validation, train, all/,
    );
  });
});

function csvRows(file: string): number {
  return fs.readFileSync(file, 'utf8').trimEnd().split(/\r?\n/).length - 1;
}

describe('champion', () => {
  it('is refused after evaluations on training data or with no gates, and moves on a held-out evaluation that passed', () => {
    // The latest evaluations so far: one on the train part, ones with no gates.
    const refused = cairn(['models', 'alias', 'iris-clf', '1', 'champion']);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(/had no gates to pass/);

    const onTrain = evaluate(['--run', 'iris-clf@1', '--dataset', 'iris', '--split', 'train', '--gates', gatesFile('easy.json', ['accuracy >= 0.1'])]);
    expect(onTrain.record).toMatchObject({ gateStatus: 'passed', trainingOverlap: counts.train });
    const stillRefused = cairn(['models', 'alias', 'iris-clf', '1', 'champion']);
    expect(stillRefused.code).toBe(1);
    expect(stillRefused.stderr).toMatch(/held-out/);
    expect(cairn(['models', 'show', 'iris-clf', '--json']).json().aliases.champion).toBeUndefined();

    const withReason = cairn(['models', 'alias', 'iris-clf', '1', 'champion', '--reason', 'demo while gates are drafted', '--json']);
    expect(withReason.code, withReason.stderr).toBe(0);
    expect(withReason.json().aliasHistory.at(-1)).toMatchObject({ alias: 'champion', override: true, reason: 'demo while gates are drafted' });

    const heldOut = evaluate(['--run', 'iris-clf@1', '--dataset', 'iris', '--gates', path.join(dir, 'easy.json')]);
    expect(heldOut.record).toMatchObject({ split: 'test', gateStatus: 'passed', passed: true });
    const moved = cairn(['models', 'alias', 'iris-clf', '1', 'champion', '--json']);
    expect(moved.code, moved.stderr).toBe(0);
    expect(moved.json().aliasHistory.at(-1)).toMatchObject({ alias: 'champion', override: false, reason: null });
  });
});

describe('a split replaced after training', () => {
  it("flags the new test part's rows the run trained on: the run's recorded rows count, not the version's current split", () => {
    const s = cairn(['datasets', 'split', 'iris', '--seed', '7', '--json']);
    expect(s.code, s.stderr).toBe(0);
    const db = new Database(path.join(dir, 'cairn.db'), { readonly: true });
    const now = db
      .prepare(
        "SELECT s.split FROM version_splits s JOIN dataset_versions v ON v.id = s.version_id WHERE v.version = 1 AND v.dataset_id = (SELECT id FROM datasets WHERE name = 'iris') ORDER BY s.position",
      )
      .pluck()
      .all() as string[];
    db.close();
    const lines = irisLines().slice(1);
    const trained = new Set(lines.filter((_, i) => part[i] === 'train').map(features));
    const expected = lines.filter((l, i) => now[i] === 'test' && trained.has(features(l))).length;
    expect(expected).toBeGreaterThan(0);
    const r = evaluate(['--run', runId, '--dataset', 'iris']);
    expect(r.record).toMatchObject({ split: 'test', rows: s.json().counts.test, trainingOverlap: expected });
    expect(r.stderr).toMatch(/evaluated on training data/);
  });
});
