import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliOn, cliProcess, dataset, tempDir } from '../helpers';

// Triggers without training: a dataset trigger seen once per version, and a schedule ticking under
// two watchers at once, which still runs each tick once.

let dir: string;

const cairn = cliOn(() => dir);

beforeAll(() => {
  dir = tempDir('cairn-pipeline-triggers-');
  const r = cairn(['datasets', 'import', dataset('iris.csv'), '--name', 'iris']);
  expect(r.code, r.stderr).toBe(0);
});

describe('pipeline triggers', () => {
  it('runs once per new dataset version, stopping at a data-quality gate', () => {
    const spec = path.join(dir, 'on-version.yaml');
    fs.writeFileSync(
      spec,
      'name: on-version\ndataset: iris\nmodel: m\ntrigger: { kind: dataset }\nsteps:\n  - type: quality\n    gates: { duplicate_share: 0, conflicting_labels: 0 }\n',
    );
    const first = cairn(['pipeline', 'run', spec, '--json']);
    expect(first.code, first.stderr).toBe(5);
    // iris.csv has one row repeating an earlier one: 1 of 150.
    expect(first.json()).toMatchObject({
      status: 'gate_failed',
      decision: 'stopped',
      reason: 'data quality of iris@1: duplicate_share 0.0067 > 0',
      trigger: { kind: 'dataset', key: 'dataset:iris@1' },
    });
    expect(first.json().steps[0].outputs).toMatchObject({ duplicate_share: 1 / 150, conflicting_labels: 0, missing_share: 0 });
    expect(cairn(['pipeline', 'run', spec, '--json']).json()).toMatchObject({ status: 'nothing_to_do', reason: 'no new version of iris' });

    // A new version without the repeated row passes.
    const lines = fs.readFileSync(dataset('iris.csv'), 'utf8').trimEnd().split('\n');
    const unique = [...new Set(lines)];
    expect(unique.length).toBe(150);
    const file = path.join(dir, 'iris-unique.csv');
    fs.writeFileSync(file, unique.join('\n') + '\n');
    expect(cairn(['datasets', 'import', file, '--name', 'iris']).code).toBe(0);
    const second = cairn(['pipeline', 'run', spec, '--json']);
    expect(second.code, second.stderr).toBe(0);
    expect(second.json()).toMatchObject({ status: 'succeeded', decision: 'none', trigger: { key: 'dataset:iris@2' } });
    const list = cairn(['pipeline', 'list', '--json']).json();
    expect(list.map((r: any) => [r.id, r.trigger, r.status])).toEqual([
      [2, 'iris@2', 'succeeded'],
      [1, 'iris@1', 'gate_failed'],
    ]);
  });

  it('two watchers on one schedule run each tick once', async () => {
    const spec = path.join(dir, 'ticking.yaml');
    fs.writeFileSync(spec, 'name: ticking\ndataset: iris\nmodel: m\ntrigger: { kind: schedule, cron: "* * * * * *" }\nsteps:\n  - type: quality\n');
    const watchers = [0, 1].map(() => cliProcess(dir, ['pipeline', 'watch', spec, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] }));
    const outputs = watchers.map((w) => {
      const o = { stdout: '', stderr: '' };
      w.stdout.on('data', (c: Buffer) => (o.stdout += c.toString()));
      w.stderr.on('data', (c: Buffer) => (o.stderr += c.toString()));
      return o;
    });
    // Both started (each prints its first line on stderr), then a few ticks.
    const deadline = Date.now() + 60_000;
    while (!outputs.every((o) => o.stderr.includes('watching:')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    while (outputs.reduce((n, o) => n + o.stdout.split('\n').length - 1, 0) < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await Promise.all(watchers.map((w) => new Promise((r) => (w.once('close', r), w.kill('SIGTERM')))));
    const runs = outputs.flatMap((o) =>
      o.stdout
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l)),
    );
    expect(runs.length).toBeGreaterThanOrEqual(3);
    for (const o of outputs) expect(o.stderr).not.toMatch(/error|UNIQUE/i);
    const keys = runs.map((r) => r.trigger.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const r of runs)
      expect(r).toMatchObject({
        status: 'succeeded',
        trigger: { kind: 'schedule', key: expect.stringMatching(/^schedule:\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/) },
      });
    const db = new Database(path.join(dir, 'cairn.db'), { readonly: true });
    expect(db.prepare("SELECT COUNT(*) FROM pipeline_runs r JOIN pipelines p ON p.id = r.pipeline_id WHERE p.name = 'ticking'").pluck().get()).toBe(
      runs.length,
    );
    db.close();
  });
});
