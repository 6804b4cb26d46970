import Database from 'better-sqlite3';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliOn, cliProcess, dataset, REPO_ROOT, tempDir } from '../helpers';

let dataDir: string;
let work: string;

/** The CLI without blocking this process, so the test's own webhook receiver can answer it. */
function cairn(args: string[], dir = dataDir): Promise<{ code: number | null; stdout: string; stderr: string; json: () => any }> {
  return new Promise((resolve) => {
    const child = cliProcess(dir, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr, json: () => JSON.parse(stdout) }));
  });
}

function db(dir = dataDir) {
  return new Database(path.join(dir, 'cairn.db'), { readonly: true });
}

function spec(name: string, body: string): string {
  const file = path.join(work, `${name}.yaml`);
  fs.writeFileSync(file, `name: ${name}\ndataset: iris\nmodel: iris-model\n${body}`);
  return file;
}

const TRAIN = `  - type: train
    config: { epochs: 15, learningRate: 0.03, mlp: { hiddenUnits: [8] }, seed: 3 }
`;

let hook: http.Server;
let hookUrl: string;
const received: any[] = [];

beforeAll(async () => {
  dataDir = tempDir('cairn-pipeline-');
  work = tempDir('cairn-pipeline-specs-');
  hook = http.createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      received.push(JSON.parse(text));
      res.end();
    });
  });
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
  const r = cliOn(dataDir)(['datasets', 'import', dataset('iris.csv'), '--name', 'iris']);
  expect(r.code, r.stderr).toBe(0);
});

afterAll(() => hook.close());

describe('cairn pipeline', () => {
  it('runs the bundled example on the sample data, then has nothing to do', async () => {
    const dir = tempDir('cairn-pipeline-example-');
    const example = path.join(REPO_ROOT, 'examples/pipelines/retrain-iris.yaml');
    const r = await cairn(['pipeline', 'run', example, '--json'], dir);
    expect(r.code, r.stderr).toBe(0);
    const run = r.json();
    expect(run).toMatchObject({ pipeline: 'iris-retrain', status: 'succeeded', decision: 'promoted', trigger: { kind: 'watch', file: dataset('iris.csv') } });
    expect(run.steps.map((s: any) => [s.name, s.status])).toEqual([
      ['import', 'succeeded'],
      ['quality', 'succeeded'],
      ['drift', 'skipped'],
      ['train', 'succeeded'],
      ['evaluate', 'succeeded'],
      ['compare', 'skipped'],
      ['register', 'succeeded'],
      ['promote', 'succeeded'],
      ['notify', 'succeeded'],
    ]);
    for (const s of run.steps) expect(s.durationMs).toBeGreaterThanOrEqual(0);
    const [imported, , , train, evaluate, , register] = run.steps;
    expect(imported.outputs).toMatchObject({ dataset: 'iris-pipeline', version: 1, rows: 150 });
    expect(evaluate.outputs.gates.map((g: any) => g.expression)).toEqual(['accuracy >= 0.8', 'log_loss <= 1']);
    expect(register.outputs).toEqual({ model: 'iris-classifier', modelVersion: 1 });
    const d = db(dir);
    // The evaluation is on the 45 test rows the split held out (30%), less any equal to a training row.
    expect(d.prepare('SELECT run_id, training_overlap, gate_status FROM evaluations WHERE id = ?').get(evaluate.outputs.evaluationId)).toEqual({
      run_id: train.outputs.runId,
      training_overlap: 0,
      gate_status: 'passed',
    });
    expect(evaluate.outputs.rows).toBeLessThanOrEqual(45);
    expect(d.prepare("SELECT v.version FROM model_aliases a JOIN model_versions v ON v.id = a.version_id WHERE a.alias = 'champion'").pluck().get()).toBe(1);
    d.close();

    const again = await cairn(['pipeline', 'run', example, '--json'], dir);
    expect(again.code, again.stderr).toBe(0);
    expect(again.json()).toEqual({ status: 'nothing_to_do', steps: [], decision: null, reason: 'no new file matching iris.csv in the watched folder' });
    const shown = await cairn(['pipeline', 'show', '1', '--json'], dir);
    expect(shown.json()).toEqual(run);
  });

  it('stops with exit 5 at a failed gate, skips the steps after it, and still notifies', async () => {
    const file = spec(
      'strict',
      `trigger: { kind: manual }
steps:
${TRAIN}  - type: evaluate
    gates: { accuracy: 0.5, log_loss: 0.000001 }
  - type: register
  - type: notify
    webhook: ${hookUrl}
    desktop: false
`,
    );
    const r = await cairn(['pipeline', 'run', file, '--json']);
    expect(r.code, r.stderr).toBe(5);
    const run = r.json();
    expect(run).toMatchObject({ status: 'gate_failed', decision: 'held_back' });
    expect(run.reason).toMatch(/^evaluation #\d+ on \d+ held-out rows failed log_loss <= 0\.000001 \(0\.\d+\)$/);
    expect(run.steps.map((s: any) => s.status)).toEqual(['succeeded', 'gate_failed', 'skipped', 'succeeded']);
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ pipeline: 'strict', runId: run.id, status: 'gate_failed', decision: 'held_back', reason: run.reason });
    const d = db();
    expect(d.prepare('SELECT COUNT(*) FROM model_versions').pluck().get()).toBe(0);
    d.close();
  });

  it('promotes a first champion, waits for approval when a challenger is not better by the margin, and keeps who decided and why', async () => {
    const bundles = path.join(work, 'bundles');
    const file = spec(
      'guarded',
      `trigger: { kind: manual }
steps:
${TRAIN}  - type: evaluate
    gates: { accuracy: 0.5 }
  - type: compare
    require: ["accuracy >= champion - 1"]
  - type: register
  - type: promote
    margin: 0.5
  - type: export
    folder: bundles
`,
    );
    const first = await cairn(['pipeline', 'run', file, '--json']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.json()).toMatchObject({ status: 'succeeded', decision: 'promoted' });
    expect(fs.existsSync(path.join(bundles, 'iris-model-v1.zip'))).toBe(true);

    const second = await cairn(['pipeline', 'run', file, '--json']);
    expect(second.code, second.stderr).toBe(6);
    const waiting = second.json();
    expect(waiting).toMatchObject({ status: 'waiting_approval', decision: 'awaiting_approval' });
    expect(waiting.reason).toMatch(/under the margin 0\.5 over champion v1; waiting for approval$/);
    expect(waiting.steps.map((s: any) => s.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded', 'waiting', 'pending']);
    const compare = waiting.steps[2].outputs;
    expect(compare).toMatchObject({ champion: { version: 1 }, metric: 'accuracy' });
    expect(compare.improvement).toBeCloseTo(compare.challengerValue - compare.championValue, 12);

    const approved = await cairn(['pipeline', 'approve', String(waiting.id), '--reason', 'checked the slices by hand', '--by', 'ana', '--json']);
    expect(approved.code, approved.stderr).toBe(0);
    expect(approved.json()).toMatchObject({
      status: 'succeeded',
      decision: 'approved',
      approvals: [{ decision: 'approved', by: 'ana', reason: 'checked the slices by hand' }],
    });
    expect(approved.json().steps.map((s: any) => s.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded', 'succeeded', 'succeeded']);
    expect(fs.existsSync(path.join(bundles, 'iris-model-v2.zip'))).toBe(true);
    const twice = await cairn(['pipeline', 'approve', String(waiting.id), '--reason', 'again']);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toBe(`cairn: Pipeline run ${waiting.id} is succeeded; only a run waiting for approval can be approved or rejected\n`);

    const third = await cairn(['pipeline', 'run', file, '--json']);
    expect(third.code, third.stderr).toBe(6);
    const rejected = await cairn(['pipeline', 'reject', String(third.json().id), '--reason', 'worse on setosa', '--by', 'ana', '--json']);
    expect(rejected.code, rejected.stderr).toBe(0);
    expect(rejected.json()).toMatchObject({ status: 'rejected', decision: 'rejected' });
    expect(rejected.json().steps.map((s: any) => s.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded', 'failed', 'skipped']);

    const d = db();
    const aliases = d
      .prepare(
        "SELECT a.alias, v.version FROM model_aliases a JOIN model_versions v ON v.id = a.version_id JOIN models m ON m.id = a.model_id WHERE m.name = 'iris-model' ORDER BY a.alias",
      )
      .all();
    expect(aliases).toEqual([
      { alias: 'challenger', version: 3 },
      { alias: 'champion', version: 2 },
    ]);
    expect(d.prepare("SELECT reason FROM model_alias_history WHERE alias = 'champion' ORDER BY id DESC LIMIT 1").pluck().get()).toBe(
      `pipeline guarded run #${waiting.id}: approved by ana: checked the slices by hand`,
    );
    d.close();
  });

  it('stops before training when the estimate from measured throughput is over the budget', async () => {
    const before = db();
    const runs = before.prepare('SELECT COUNT(*) FROM runs').pluck().get();
    before.close();
    const set = await cairn(['settings', 'set', '--pipeline-webhook', hookUrl]);
    expect(set.code, set.stderr).toBe(0);
    const file = spec(
      'thrifty',
      `trigger: { kind: manual }
budget: { maxMinutes: 0.00001 }
steps:
${TRAIN}  - type: notify
    desktop: false
`,
    );
    const r = await cairn(['pipeline', 'run', file, '--json']);
    expect(r.code, r.stderr).toBe(5);
    expect(r.json()).toMatchObject({ status: 'gate_failed', decision: 'stopped' });
    expect(r.json().reason).toMatch(/^budget: training is estimated at \d+\.\d\d min, over maxMinutes 0\.00001; nothing was trained$/);
    expect(r.json().steps[0].outputs.estimate).toMatchObject({ epochs: 15, samplesPerSecond: expect.any(Number) });
    // No webhook in the spec: the one in settings is told.
    expect(received[received.length - 1]).toMatchObject({ pipeline: 'thrifty', status: 'gate_failed', decision: 'stopped' });
    const bad = await cairn(['settings', 'set', '--pipeline-webhook', 'ftp://example.com/hook']);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    const after = db();
    expect(after.prepare('SELECT COUNT(*) FROM runs').pluck().get()).toBe(runs);
    after.close();
  });

  it('refuses a bad spec in one line and changes nothing', async () => {
    const file = spec(
      'bad',
      'trigger: { kind: manual }\nsteps:\n  - type: train\n    config: { epochs: 2 }\n  - type: evaluate\n    gates: { accuracy: high }\n',
    );
    const r = await cairn(['pipeline', 'run', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`cairn: ${file}: steps[1].gates.accuracy: expected a number\n`);
    const d = db();
    expect(d.prepare("SELECT COUNT(*) FROM pipelines WHERE name = 'bad'").pluck().get()).toBe(0);
    d.close();
    const missing = await cairn(['pipeline', 'show', '999']);
    expect([missing.code, missing.stderr]).toEqual([3, 'cairn: Pipeline run 999 not found\n']);
  });
});

describe('cairn pipeline watch', () => {
  let watcher: ChildProcess | null = null;
  afterAll(() => watcher?.kill('SIGKILL'));

  function watch(dir: string, file: string): ChildProcess {
    return cliProcess(dir, ['pipeline', 'watch', file, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  }

  async function until<T>(what: string, probe: () => T | undefined | null | false, ms = 120_000): Promise<T> {
    const end = Date.now() + ms;
    for (;;) {
      const v = probe();
      if (v) return v;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  it('killed -9 mid-training, restarted: the training run resumes from its checkpoint and no step or trigger runs twice', async () => {
    const dir = tempDir('cairn-pipeline-watch-');
    const inbox = path.join(work, 'inbox');
    fs.mkdirSync(inbox);
    const file = path.join(work, 'watched.yaml');
    fs.writeFileSync(
      file,
      `name: watched
dataset: flowers
model: flowers-model
trigger: { kind: watch, folder: inbox, glob: "*.csv", pollSeconds: 0.3 }
steps:
  - type: import
  - type: train
    config: { epochs: 150, batchSize: 8, learningRate: 0.01, mlp: { hiddenUnits: [16] }, seed: 5 }
  - type: evaluate
  - type: register
  - type: promote
`,
    );
    fs.copyFileSync(dataset('iris.csv'), path.join(inbox, 'batch-1.csv'));
    watcher = watch(dir, file);
    const dbFile = path.join(dir, 'cairn.db');
    const runId = await until('a checkpoint of the pipeline training run', () => {
      if (!fs.existsSync(dbFile)) return null;
      const d = new Database(dbFile, { readonly: true, timeout: 5000 });
      try {
        const row = d
          .prepare("SELECT json_extract(s.outputs, '$.runId') AS runId FROM pipeline_steps s WHERE s.name = 'train' AND s.status = 'running'")
          .get() as { runId: string | null } | undefined;
        const epoch = row?.runId ? (d.prepare('SELECT checkpoint_epoch FROM runs WHERE id = ?').pluck().get(row.runId) as number | null) : null;
        return epoch !== null && epoch >= 1 ? row!.runId! : null;
      } catch {
        return null;
      } finally {
        d.close();
      }
    });
    watcher.kill('SIGKILL');
    await new Promise((r) => watcher!.once('close', r));

    watcher = watch(dir, file);
    let out = '';
    watcher.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    const run = await until('the carried-on run', () => (out.includes('\n') ? JSON.parse(out.split('\n')[0]) : null), 300_000);
    watcher.kill('SIGTERM');
    await new Promise((r) => watcher!.once('close', r));
    watcher = null;

    expect(run).toMatchObject({ id: 1, status: 'succeeded', decision: 'promoted' });
    expect(run.steps.map((s: any) => s.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded', 'succeeded']);
    expect(run.steps[1].outputs.runId).toBe(runId);
    expect(run.steps[1].log.some((l: string) => l.startsWith(`resumed training run ${runId} from its epoch`))).toBe(true);
    const d = db(dir);
    expect(d.prepare('SELECT COUNT(*) FROM pipeline_runs').pluck().get()).toBe(1);
    expect(d.prepare('SELECT id, status FROM runs').all()).toEqual([{ id: runId, status: 'finished' }]);
    expect(d.prepare('SELECT COUNT(*) FROM dataset_versions').pluck().get()).toBe(1);
    expect(d.prepare('SELECT COUNT(*) FROM model_versions').pluck().get()).toBe(1);
    d.close();
  });
});
