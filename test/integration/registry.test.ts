import Database from 'better-sqlite3';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliOn, dataset, tempDir } from '../helpers';

let dataDir: string;
let runId: string;
let secondRunId: string;

const cairn = cliOn(() => dataDir, 170_000);

function train(): string {
  const r = cairn(['train', '--dataset', 'iris', '--epochs', '15', '--json']);
  expect(r.code, r.stderr).toBe(0);
  return r.json().runId as string;
}

beforeAll(() => {
  dataDir = tempDir('cairn-registry-');
  const imp = cairn(['datasets', 'import', dataset('iris.csv'), '--name', 'iris', '--json']);
  expect(imp.code, imp.stderr).toBe(0);
  runId = train();
  secondRunId = train();
});

describe('model registry', () => {
  it('registers finished runs as numbered versions with lineage to run, dataset, config and metrics', () => {
    const v1 = cairn(['models', 'register', runId, '--name', 'iris-clf', '--description', 'first', '--json']);
    expect(v1.code, v1.stderr).toBe(0);
    expect(v1.json()).toMatchObject({
      model: 'iris-clf',
      version: 1,
      runId,
      source: 'run',
      description: 'first',
      classes: ['setosa', 'versicolor', 'virginica'],
    });
    expect(v1.json().lineage).toMatchObject({
      runId,
      dataset: { name: 'iris', version: 1, hash: expect.stringMatching(/^[0-9a-f]{64}$/) },
      config: { epochs: 15, model: 'mlp' },
    });
    expect(v1.json().lineage.metrics.val_accuracy).toBeGreaterThan(0);
    const v2 = cairn(['models', 'register', secondRunId.slice(0, 10), '--name', 'iris-clf', '--json']);
    expect(v2.json()).toMatchObject({ version: 2, runId: secondRunId });

    const list = cairn(['models', 'list', '--json']).json();
    expect(list).toHaveLength(1);
    expect(list[0].versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
  });

  it('refuses to register an unknown run or a missing one', () => {
    const r = cairn(['models', 'register', 'nope', '--name', 'x']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/Run nope not found/);
  });

  it('moves challenger freely and records each move', () => {
    expect(cairn(['models', 'alias', 'iris-clf', '1', 'challenger']).code).toBe(0);
    const moved = cairn(['models', 'alias', 'iris-clf', '2', 'challenger', '--json']);
    expect(moved.code, moved.stderr).toBe(0);
    expect(moved.json().aliases).toEqual({ challenger: 2 });
    expect(moved.json().aliasHistory).toEqual([
      expect.objectContaining({ alias: 'challenger', version: 1, previousVersion: null, override: false, reason: null }),
      expect.objectContaining({ alias: 'challenger', version: 2, previousVersion: 1, override: false }),
    ]);
  });

  it('refuses champion without a passing evaluation, naming the gates, and changes nothing', () => {
    const r = cairn(['models', 'alias', 'iris-clf', '1', 'champion']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/quality gates/);
    expect(r.stderr).toMatch(/no evaluation/);
    expect(r.stderr).toMatch(/--reason/);
    const show = cairn(['models', 'show', 'iris-clf', '--json']).json();
    expect(show.aliases.champion).toBeUndefined();
    expect(show.aliasHistory.filter((h: { alias: string }) => h.alias === 'champion')).toEqual([]);
  });

  it('allows champion with a reason and records it as an override', () => {
    const r = cairn(['models', 'alias', 'iris-clf', '1', 'champion', '--reason', 'baseline before gates exist', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json().aliases).toMatchObject({ champion: 1 });
    const show = cairn(['models', 'show', 'iris-clf', '--json']).json();
    expect(show.aliasHistory.at(-1)).toMatchObject({ alias: 'champion', version: 1, reason: 'baseline before gates exist', override: true });
    expect(show.versions[0].aliases).toEqual(['champion']);
  });

  it('lets a passing latest held-out evaluation move champion without a reason, and a failing one stop it', () => {
    // Rows as the evaluation feature stores them (split, rows, overlap with training rows, gate outcome).
    const insert =
      'INSERT INTO evaluations (model_version_id, run_id, created_at, passed, report, split, rows, training_overlap, gate_status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)';
    const db = new Database(path.join(dataDir, 'cairn.db'));
    const v2 = db
      .prepare("SELECT v.id FROM model_versions v JOIN models m ON m.id = v.model_id WHERE m.name = 'iris-clf' AND v.version = 2")
      .pluck()
      .get() as number;
    db.prepare(insert).run(v2, null, Date.now() - 1000, 0, '{"gate":"accuracy >= 0.99"}', 'test', 23, 0, 'failed');
    db.close();
    const failed = cairn(['models', 'alias', 'iris-clf', '2', 'champion']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/failed the quality gates/);

    const db2 = new Database(path.join(dataDir, 'cairn.db'));
    db2.prepare(insert).run(null, secondRunId, Date.now(), 1, '{}', 'test', 23, 0, 'passed');
    db2.close();
    const ok = cairn(['models', 'alias', 'iris-clf', '2', 'champion', '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.json().aliasHistory.at(-1)).toMatchObject({ alias: 'champion', version: 2, previousVersion: 1, override: false, reason: null });
  });

  it('reports unknown models, versions and bad alias names clearly', () => {
    expect(cairn(['models', 'show', 'nope']).stderr).toMatch(/No model named "nope"/);
    expect(cairn(['models', 'alias', 'iris-clf', '9', 'challenger']).stderr).toMatch(/Version 9 of model "iris-clf" not found/);
    expect(cairn(['models', 'alias', 'iris-clf', '1', '3x']).stderr).toMatch(/alias starts with a letter/);
  });
});
