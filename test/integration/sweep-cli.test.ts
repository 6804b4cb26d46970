import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliOn, dataset, tempDir } from '../helpers';

describe('cairn sweep', () => {
  it('runs a grid, stops weak trials by the median rule, and names the best', () => {
    const dir = tempDir('cairn-sweep-');
    const cairn = cliOn(dir, 170_000);
    expect(cairn(['datasets', 'import', dataset('iris.csv'), '--name', 'iris']).code).toBe(0);
    const spec = {
      name: 'lr',
      dataset: 'iris',
      experiment: 'sweeps',
      method: 'grid',
      base: { epochs: 8, batchSize: 16, engine: 'cpu' },
      // Three identical good trials (same seed on cpu: same curves, so they tie with the median and
      // run to the end), then two hopeless ones that the median rule must stop.
      space: { learningRate: { values: [0.05, 0.05, 0.05, 0.00001, 0.000011] } },
      parallel: 1,
      metric: 'val_loss',
      goal: 'minimize',
      earlyStop: { rule: 'median', minEpochs: 2, minTrials: 2 },
    };
    const file = path.join(dir, 'spec.json');
    fs.writeFileSync(file, JSON.stringify(spec));
    const r = cairn(['sweep', file, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.status).toBe('finished');
    expect(out.trials.map((t: { params: { learningRate: number } }) => t.params.learningRate)).toEqual([0.05, 0.05, 0.05, 0.00001, 0.000011]);
    const pruned = out.trials.filter((t: { pruned: string | null }) => t.pruned);
    expect(pruned.map((t: { index: number }) => t.index)).toEqual([4, 5]);
    for (const t of pruned) expect(t.status).toBe('cancelled');
    expect([1, 2, 3]).toContain(out.best.index);

    const runs = JSON.parse(cairn(['runs', 'list', '--experiment', 'sweeps', '--filter', 'tags.`sweep.pruned` is not null', '--json']).stdout);
    expect(runs).toHaveLength(2);

    fs.writeFileSync(file, JSON.stringify({ ...spec, method: 'grid', space: { learningRate: { min: 0.1, max: 1 } } }));
    const bad = cairn(['sweep', file]);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toMatch(/^cairn: .*spec.json: space.learningRate: a range in a grid sweep needs steps$/);
  });

  it('sweeps a params-table name into the config the worker trains, and refuses an unknown key before any trial', () => {
    const dir = tempDir('cairn-sweep-keys-');
    const cairn = cliOn(dir, 170_000);
    expect(cairn(['datasets', 'import', dataset('iris.csv'), '--name', 'iris']).code).toBe(0);
    const spec = {
      name: 'width',
      dataset: 'iris',
      experiment: 'keys',
      method: 'grid',
      base: { epochs: 2, engine: 'cpu' },
      space: { hiddenUnits: { values: [[16], [5, 3]] } },
      parallel: 1,
    };
    const file = path.join(dir, 'spec.json');
    fs.writeFileSync(file, JSON.stringify(spec));
    const r = cairn(['sweep', file, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.trials.map((t: { params: Record<string, unknown> }) => t.params)).toEqual([{ 'mlp.hiddenUnits': [16] }, { 'mlp.hiddenUnits': [5, 3] }]);

    // What the worker built: the hidden Dense layers of each trial's saved model (the last Dense is the output).
    const db = new Database(path.join(dir, 'cairn.db'), { readonly: true });
    for (const t of out.trials as { runId: string; params: { 'mlp.hiddenUnits': number[] } }[]) {
      const shown = cairn(['runs', 'show', t.runId, '--json']);
      const run = JSON.parse(shown.stdout);
      expect(run.config.mlp.hiddenUnits).toEqual(t.params['mlp.hiddenUnits']);
      expect(run.params.hiddenUnits).toBe(t.params['mlp.hiddenUnits'].join('-'));
      const hash = db.prepare("SELECT file_hash FROM run_artifacts WHERE run_id = ? AND name = 'model/model.json'").pluck().get(t.runId) as string;
      const topology = JSON.parse(fs.readFileSync(path.join(dir, 'files', hash.slice(0, 2), hash), 'utf8')).modelTopology;
      const dense = (topology.model_config ?? topology).config.layers.filter((l: { class_name: string }) => l.class_name === 'Dense');
      expect(dense.slice(0, -1).map((l: { config: { units: number } }) => l.config.units)).toEqual(t.params['mlp.hiddenUnits']);
    }
    db.close();

    for (const [key, message] of [
      ['learningrate', /unknown config key "learningrate"; did you mean learningRate/],
      ['__proto__.polluted', /"__proto__.polluted" is not a config key/],
      ['__proto__', /space.__proto__: "__proto__" is not a config key/],
    ] as const) {
      fs.writeFileSync(file, JSON.stringify({ ...spec, experiment: 'typo', space: { [key]: { values: [0.1] } } }));
      const bad = cairn(['sweep', file]);
      expect(bad.code).toBe(1);
      const lines = bad.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(message);
      expect(lines[0]).toMatch(/valid keys: model, mlp.hiddenUnits, .*learningRate/);
    }
    // The same mistake in the base config: a key the schema would drop is refused, not ignored.
    fs.writeFileSync(file, JSON.stringify({ ...spec, experiment: 'typo', base: { epochs: 2, hiddenUnits: [8] } }));
    const badBase = cairn(['sweep', file]);
    expect(badBase.code).toBe(1);
    expect(badBase.stderr.trim()).toMatch(
      /^cairn: .*spec.json: base: unknown config key "hiddenUnits"; did you mean mlp.hiddenUnits\? \(valid keys: [^\n]*\)$/,
    );
    expect(JSON.parse(cairn(['runs', 'list', '--experiment', 'typo', '--json']).stdout || '[]')).toEqual([]);
  });
});
