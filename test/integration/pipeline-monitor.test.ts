import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, dataset, tempDir } from '../helpers';

// Monitor triggers on Adult: a champion trained on month 1, then the monthly files of
// pipeline-adult.test.ts land in a folder two pipelines monitor, one firing on sudden changes, one
// on gradual ones. Month 2 shifts everyone's hours-per-week up 15 from its first row (sudden at
// the month's first chunk, against month 1 before it); month 3 lets age creep up over the month
// (gradual within it) while hours settle back (a change away from drift, which fires nothing).

const MONTH = 3000;
let dir: string;
let inbox: string;

function cairn(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, '--data-dir', dir, ...args], { encoding: 'utf8', timeout: 300_000, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, json: () => JSON.parse(r.stdout) };
}

/** Adult has no quoted fields. */
function adultRows(): { header: string[]; rows: string[][] } {
  const [head, ...lines] = zlib.gunzipSync(fs.readFileSync(dataset('adult.csv.gz'))).toString('utf8').trimEnd().split(/\r?\n/);
  return { header: head.split(','), rows: lines.map((l) => l.split(',')) };
}

/** Written beside the folder and renamed in, and dated so the months keep their order. */
function drop(folder: string, name: string, header: string[], rows: string[][], month: number): void {
  const tmp = path.join(dir, name);
  fs.writeFileSync(tmp, [header.join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n');
  const when = new Date(Date.UTC(2026, month - 1, 28));
  fs.utimesSync(tmp, when, when);
  fs.renameSync(tmp, path.join(folder, name));
}

function spec(file: string, body: string): string {
  const p = path.join(dir, file);
  fs.writeFileSync(p, body);
  return p;
}

const monitorSpec = (name: string, on: string) =>
  spec(
    `${name}.yaml`,
    `name: ${name}
dataset: adult-monthly
model: income
trigger: { kind: monitor, model: income@champion, folder: inbox, glob: "month-*.csv", on: [${on}], chunks: 10 }
steps:
  - type: drift
`,
  );

beforeAll(() => {
  dir = tempDir('cairn-pipeline-monitor-');
  inbox = path.join(dir, 'inbox');
  fs.mkdirSync(inbox);
  fs.mkdirSync(path.join(dir, 'training'));
});

describe('monitor trigger on Adult, month by month', () => {
  it('fires on the sudden month for `on: [sudden]` and on the slow month for `on: [gradual]`, each once', () => {
    const { header, rows } = adultRows();
    const [age, hours] = ['age', 'hours-per-week'].map((n) => header.indexOf(n));
    const month1 = rows.slice(0, MONTH);
    const sudden = monitorSpec('on-sudden', 'sudden');
    const gradual = monitorSpec('on-gradual', 'gradual');

    // Before the model exists: one line, no run.
    drop(inbox, 'month-1.csv', header, month1, 1);
    const early = cairn(['pipeline', 'run', sudden, '--json']);
    expect(early.code).not.toBe(0);
    expect(early.stderr.trim().split('\n')).toHaveLength(1);
    expect(early.stderr).toMatch(/income/);
    drop(path.join(dir, 'training'), 'month-1.csv', header, month1, 1);
    const train = spec(
      'train.yaml',
      `name: income-train
dataset: adult-monthly
model: income
trigger: { kind: watch, folder: training, glob: "month-*.csv" }
split: { validation: 0.1, test: 0.3, seed: 11 }
steps:
  - type: import
    mode: replace
  - type: train
    config: { epochs: 3, batchSize: 64, learningRate: 0.005, mlp: { hiddenUnits: [8] }, seed: 7 }
  - type: register
  - type: promote
`,
    );
    const trained = cairn(['pipeline', 'run', train, '--json']);
    expect(trained.code, trained.stderr).toBe(0);
    expect(trained.json()).toMatchObject({ status: 'succeeded', decision: 'promoted' });

    // Month 1 is the champion's own training data: nothing to see.
    for (const s of [sudden, gradual]) {
      const idle = cairn(['pipeline', 'run', s, '--json']);
      expect(idle.code, idle.stderr).toBe(0);
      expect(idle.json()).toMatchObject({ status: 'nothing_to_do' });
    }

    const month2 = rows.slice(MONTH, 2 * MONTH).map((r) => {
      const out = [...r];
      out[hours] = String(Number(r[hours]) + 15);
      return out;
    });
    drop(inbox, 'month-2.csv', header, month2, 2);
    const fired2 = cairn(['pipeline', 'run', sudden, '--json']);
    expect(fired2.code, fired2.stderr).toBe(0);
    const run2 = fired2.json();
    expect(run2).toMatchObject({ status: 'succeeded', trigger: { kind: 'monitor', file: path.join(inbox, 'month-2.csv'), monitor: { model: 'income@champion', chunks: 20, firstChunk: 10 } } });
    // Month 1's ten chunks, then month 2's: hours-per-week jumps at month 2's first chunk, by more
    // than a standard deviation of the training month's hours (the normed Wasserstein distance).
    const m2 = run2.trigger.monitor;
    const hoursShift = m2.fired.find((f: any) => f.column === 'hours-per-week');
    expect(hoursShift).toMatchObject({ kind: 'sudden', chunk: 10 });
    expect(hoursShift.magnitude).toBeGreaterThan(1);
    expect(m2.fired.every((f: any) => f.kind === 'sudden')).toBe(true);
    expect(m2.findings.filter((f: any) => f.kind === 'gradual')).toEqual([]);
    expect(run2.trigger.label).toMatch(/month-2\.csv \(sudden: .+ at chunk \d+\)$/);
    // The drift step carries the timeline's changes beside its own tests.
    expect(run2.steps[0].outputs.timeline.changes).toContainEqual(hoursShift);
    expect(run2.steps[0].outputs.columns.filter((c: any) => c.drifted).map((c: any) => c.name)).toContain('hours-per-week');
    expect(cairn(['pipeline', 'run', gradual, '--json']).json()).toMatchObject({ status: 'nothing_to_do' });

    const month3 = rows.slice(2 * MONTH, 3 * MONTH).map((r, i) => {
      const out = [...r];
      out[age] = String(Number(r[age]) + Math.floor((6 * i) / MONTH));
      return out;
    });
    drop(inbox, 'month-3.csv', header, month3, 3);
    const fired3 = cairn(['pipeline', 'run', gradual, '--json']);
    expect(fired3.code, fired3.stderr).toBe(0);
    const run3 = fired3.json();
    expect(run3).toMatchObject({ status: 'succeeded', trigger: { kind: 'monitor', file: path.join(inbox, 'month-3.csv'), monitor: { chunks: 20, firstChunk: 10 } } });
    // Month 3's age score rises chunk by chunk (+0.6 years a chunk, about 0.044 of age's standard
    // deviation), a Mann-Kendall trend; hours settling back is a change away from drift.
    const m3 = run3.trigger.monitor;
    expect(m3.fired).toHaveLength(1);
    expect(m3.fired[0]).toMatchObject({ kind: 'gradual', column: 'age' });
    expect(m3.fired[0].chunk).toBeGreaterThanOrEqual(10);
    expect(m3.fired[0].p).toBeLessThan(0.01);
    expect(m3.fired[0].slope).toBeGreaterThan(0.02);
    expect(m3.fired[0].slope).toBeLessThan(0.07);
    expect(m3.findings.filter((f: any) => f.kind === 'sudden')).toEqual([]);
    expect(run3.steps[0].outputs.timeline.changes).toEqual(m3.fired);

    // Each month was judged once per pipeline: nothing fires again.
    for (const s of [sudden, gradual]) expect(cairn(['pipeline', 'run', s, '--json']).json()).toMatchObject({ status: 'nothing_to_do' });
    const db = new Database(path.join(dir, 'cairn.db'), { readonly: true });
    expect(db.prepare("SELECT p.name, r.trigger_key FROM pipeline_runs r JOIN pipelines p ON p.id = r.pipeline_id WHERE r.trigger_kind = 'monitor' ORDER BY r.id").all()).toEqual([
      { name: 'on-sudden', trigger_key: expect.stringMatching(/^monitor:file:month-2\.csv:[0-9a-f]{64}$/) },
      { name: 'on-gradual', trigger_key: expect.stringMatching(/^monitor:file:month-3\.csv:[0-9a-f]{64}$/) },
    ]);
    db.close();
  });
});
