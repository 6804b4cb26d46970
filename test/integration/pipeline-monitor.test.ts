import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { adultMonths, dropMonth } from '../adult-months';
import { cliOn, cliProcess, tempDir } from '../helpers';

// Monitor triggers on Adult: a champion trained on month 1, then the monthly files of
// test/adult-months.ts (also pipeline-adult.test.ts's) land in a folder two pipelines monitor, one firing on sudden changes, one
// on gradual ones. Month 2 shifts everyone's hours-per-week up 15 from its first row (sudden at
// the month's first chunk, against month 1 before it); month 3 lets age creep up over the month
// (gradual within it) while hours settle back (a change away from drift, which fires nothing).

let dir: string;
let inbox: string;

const cairn = cliOn(() => dir, 300_000);

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
trigger: { kind: monitor, model: income@champion, folder: inbox, glob: "month-*.csv", on: [${on}], chunks: 10, pollSeconds: 0.5 }
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
    const adult = adultMonths();
    const { header } = adult;
    const month1 = adult.month(1);
    const sudden = monitorSpec('on-sudden', 'sudden');
    const gradual = monitorSpec('on-gradual', 'gradual');

    // Before the model exists: one line, no run.
    dropMonth(inbox, 'month-1.csv', header, month1, 1);
    const early = cairn(['pipeline', 'run', sudden, '--json']);
    expect(early.code).not.toBe(0);
    expect(early.stderr.trim().split('\n')).toHaveLength(1);
    expect(early.stderr).toMatch(/income/);
    dropMonth(path.join(dir, 'training'), 'month-1.csv', header, month1, 1);
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
    for (const [s, on] of [
      [sudden, 'sudden'],
      [gradual, 'gradual'],
    ]) {
      const idle = cairn(['pipeline', 'run', s, '--json']);
      expect(idle.code, idle.stderr).toBe(0);
      expect(idle.json()).toMatchObject({ status: 'nothing_to_do' });
      expect(examined(idle.stderr)).toEqual([`examined ${path.join(inbox, 'month-1.csv')}: no ${on}`]);
    }

    dropMonth(inbox, 'month-2.csv', header, adult.sudden(), 2);
    const fired2 = cairn(['pipeline', 'run', sudden, '--json']);
    expect(fired2.code, fired2.stderr).toBe(0);
    // Month 1 was judged by the process before: this one judges month 2 only.
    expect(examined(fired2.stderr)).toEqual([]);
    const run2 = fired2.json();
    expect(run2).toMatchObject({
      status: 'succeeded',
      trigger: { kind: 'monitor', file: path.join(inbox, 'month-2.csv'), monitor: { model: 'income@champion', chunks: 20, firstChunk: 10 } },
    });
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

    dropMonth(inbox, 'month-3.csv', header, adult.gradual(), 3);
    const fired3 = cairn(['pipeline', 'run', gradual, '--json']);
    expect(fired3.code, fired3.stderr).toBe(0);
    const run3 = fired3.json();
    expect(run3).toMatchObject({
      status: 'succeeded',
      trigger: { kind: 'monitor', file: path.join(inbox, 'month-3.csv'), monitor: { chunks: 20, firstChunk: 10 } },
    });
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

    // Month 3 is new to the sudden pipeline, and quiet for it.
    const quiet3 = cairn(['pipeline', 'run', sudden, '--json']);
    expect(quiet3.json()).toMatchObject({ status: 'nothing_to_do' });
    expect(examined(quiet3.stderr)).toEqual([`examined ${path.join(inbox, 'month-3.csv')}: no sudden`]);

    // Each month was judged once per pipeline, whichever process judged it: nothing fires again, nothing is judged again.
    for (const s of [sudden, gradual]) {
      const again = cairn(['pipeline', 'run', s, '--json']);
      expect(again.json()).toMatchObject({ status: 'nothing_to_do' });
      expect(examined(again.stderr)).toEqual([]);
    }
    const db = new Database(path.join(dir, 'cairn.db'), { readonly: true });
    expect(
      db
        .prepare("SELECT p.name, r.trigger_key FROM pipeline_runs r JOIN pipelines p ON p.id = r.pipeline_id WHERE r.trigger_kind = 'monitor' ORDER BY r.id")
        .all(),
    ).toEqual([
      { name: 'on-sudden', trigger_key: expect.stringMatching(/^monitor:file:month-2\.csv:[0-9a-f]{64}$/) },
      { name: 'on-gradual', trigger_key: expect.stringMatching(/^monitor:file:month-3\.csv:[0-9a-f]{64}$/) },
    ]);
    expect(db.prepare('SELECT p.name, e.item_key FROM pipeline_examined e JOIN pipelines p ON p.id = e.pipeline_id ORDER BY p.name, e.item_key').all()).toEqual(
      [
        { name: 'on-gradual', item_key: expect.stringMatching(/^monitor:file:month-1\.csv:/) },
        { name: 'on-gradual', item_key: expect.stringMatching(/^monitor:file:month-2\.csv:/) },
        { name: 'on-sudden', item_key: expect.stringMatching(/^monitor:file:month-1\.csv:/) },
        { name: 'on-sudden', item_key: expect.stringMatching(/^monitor:file:month-3\.csv:/) },
      ],
    );
    db.close();
  });

  it('two `cairn pipeline watch` lives in a row: the second judges only the month that came after the first', async () => {
    const adult = adultMonths();
    const watched = monitorSpec('watched-gradual', 'gradual');
    // The first life judges months 1 and 2 (quiet) and runs on month 3 (gradual).
    const first = await watchLife(watched, (o) => o.stdout.includes('\n'));
    expect(examined(first.stderr)).toEqual(['month-1.csv', 'month-2.csv'].map((f) => `examined ${path.join(inbox, f)}: no gradual`));
    const runs = first.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(runs).toMatchObject([{ status: 'succeeded', trigger: { kind: 'monitor', file: path.join(inbox, 'month-3.csv') } }]);

    // Month 4 lands while no watcher is up; the next life judges it, and nothing before it again.
    dropMonth(inbox, 'month-4.csv', adult.header, adult.month(4), 4);
    const second = await watchLife(watched, (o) => /month-4\.csv/.test(o.stderr) && (o.stderr.includes('examined') || o.stdout.includes('\n')));
    expect(second.stderr).not.toMatch(/month-[123]\.csv/);
    expect(second.stderr).toMatch(/(examined|run for) .*month-4\.csv/);
    const list = cairn(['pipeline', 'list', '--pipeline', 'watched-gradual', '--json']).json();
    expect(list.filter((r: any) => /month-3\.csv/.test(r.trigger))).toHaveLength(1);

    // Judged with other options (8 chunks), the quiet months are judged again, oldest first.
    fs.writeFileSync(watched, fs.readFileSync(watched, 'utf8').replace('chunks: 10', 'chunks: 8'));
    const rejudged = cairn(['pipeline', 'run', watched, '--json']);
    expect(rejudged.code, rejudged.stderr).toBe(0);
    expect(examined(rejudged.stderr)[0]).toBe(`examined ${path.join(inbox, 'month-1.csv')}: no gradual`);
  });
});

/** The lines saying a monitored item was judged and found quiet. */
function examined(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.startsWith('examined '));
}

/** A `cairn pipeline watch` from its start until `done` holds for what it printed, then stopped as Ctrl-C would. */
async function watchLife(file: string, done: (o: { stdout: string; stderr: string }) => boolean): Promise<{ stdout: string; stderr: string }> {
  const child = cliProcess(dir, ['pipeline', 'watch', file, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const o = { stdout: '', stderr: '' };
  child.stdout.on('data', (c: Buffer) => (o.stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (o.stderr += c.toString()));
  const closed = new Promise((r) => child.once('close', r));
  const deadline = Date.now() + 240_000;
  while (!done(o) && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 100));
  child.kill('SIGINT');
  await closed;
  expect(done(o), o.stderr).toBe(true);
  return o;
}
