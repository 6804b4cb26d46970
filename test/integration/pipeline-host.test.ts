import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliOn, cliProcess, dataset, tempDir } from '../helpers';

// Settings › pipelines through `cairn serve`: off, a new file waits; on, serve runs the pipeline
// as `cairn pipeline watch` would; with a CLI watcher on the same spec too, each file runs once
// and each step once. Import and quality steps only: nothing here trains.

let dir: string;
let drop: string;
let spec: string;
const children: ChildProcess[] = [];

const cairn = cliOn(() => path.join(dir, 'data'));

function start(args: string[], ready: RegExp): Promise<ChildProcess> {
  const child = cliProcess(path.join(dir, 'data'), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  return new Promise((resolve, reject) => {
    const seen = (c: Buffer) => {
      out += c.toString();
      if (ready.test(out)) resolve(child);
    };
    child.stdout!.on('data', seen);
    child.stderr!.on('data', seen);
    child.once('exit', (code) => reject(new Error(`cairn ${args[0]} exited with ${code}: ${out}`)));
  });
}

const stop = (child: ChildProcess) => new Promise((r) => (child.once('exit', r), child.kill('SIGTERM')));

/** A CSV of iris rows, settled (older than the watcher's settle time) so the next look takes it. */
function dropFile(name: string, rows: [number, number]): void {
  const lines = fs.readFileSync(dataset('iris.csv'), 'utf8').trimEnd().split('\n');
  const file = path.join(drop, name);
  fs.writeFileSync(file, [lines[0], ...lines.slice(rows[0], rows[1])].join('\n') + '\n');
  fs.utimesSync(file, new Date(Date.now() - 10_000), new Date(Date.now() - 10_000));
}

type Listed = { id: number; trigger: string; status: string };
async function runsUntil(done: (runs: Listed[]) => boolean, ms = 60_000): Promise<Listed[]> {
  const deadline = Date.now() + ms;
  let runs: Listed[] = [];
  while (Date.now() < deadline) {
    runs = cairn(['pipeline', 'list', '--json']).json();
    if (done(runs)) return runs;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`timed out; runs: ${JSON.stringify(runs)}`);
}

beforeAll(() => {
  dir = tempDir('cairn-pipeline-host-');
  drop = path.join(dir, 'drop');
  fs.mkdirSync(drop);
  expect(cairn(['datasets', 'import', dataset('iris.csv'), '--name', 'iris']).code).toBe(0);
  spec = path.join(dir, 'arrivals.yaml');
  fs.writeFileSync(
    spec,
    'name: arrivals\ndataset: iris\nmodel: m\ntrigger: { kind: watch, folder: drop, pollSeconds: 0.2 }\nsteps:\n  - type: import\n  - type: quality\n',
  );
  // Run once so the data folder knows the pipeline: nothing to do yet.
  expect(cairn(['pipeline', 'run', spec, '--json']).json()).toMatchObject({ status: 'nothing_to_do' });
});
afterAll(async () => {
  await Promise.all(children.filter((c) => c.exitCode === null).map(stop));
});

describe('pipelines run by cairn serve (Settings › pipelines)', () => {
  it('are off by default, follow the setting, and share triggers with a CLI watcher without running a step twice', async () => {
    expect(cairn(['settings', 'set', '--pipelines', 'maybe']).stderr.trim()).toBe('cairn: --pipelines takes on or off');
    const serve = await start(['serve', '--port', '0'], /Open http/);
    dropFile('a.csv', [1, 11]);
    await new Promise((r) => setTimeout(r, 1500));
    expect(cairn(['pipeline', 'list', '--json']).json()).toEqual([]);

    expect(cairn(['settings', 'set', '--pipelines', 'on', '--json']).json()).toMatchObject({ pipelinesEnabled: true });
    const first = await runsUntil((runs) => runs.some((r) => r.status === 'succeeded'));
    expect(first).toMatchObject([{ id: 1, trigger: path.join(drop, 'a.csv'), status: 'succeeded' }]);

    const watcher = await start(['pipeline', 'watch', spec], /watching:/);
    for (const [i, name] of ['b.csv', 'c.csv', 'd.csv'].entries()) dropFile(name, [11 + i * 10, 21 + i * 10]);
    const all = await runsUntil((runs) => runs.length === 4 && runs.every((r) => r.status === 'succeeded'));
    expect(all.map((r) => path.basename(r.trigger)).sort()).toEqual(['a.csv', 'b.csv', 'c.csv', 'd.csv']);
    for (const r of all) {
      const shown = cairn(['pipeline', 'show', String(r.id), '--json']).json();
      // One import per run: its log has the one line an import writes.
      expect(shown.steps.map((s: { name: string; status: string; log: string[] }) => [s.name, s.status, s.name === 'import' ? s.log.length : 1])).toEqual([
        ['import', 'succeeded', 1],
        ['quality', 'succeeded', 1],
      ]);
    }
    // iris@1, then one version per file: 10 rows each appended once.
    const versions = cairn(['datasets', 'show', 'iris', '--json']).json().versions as { rows: number }[];
    expect(versions.map((v) => v.rows).sort((a, b) => a - b)).toEqual([150, 160, 170, 180, 190]);

    await stop(watcher);
    expect(cairn(['settings', 'set', '--pipelines', 'off', '--json']).json()).toMatchObject({ pipelinesEnabled: false });
    await new Promise((r) => setTimeout(r, 500));
    dropFile('e.csv', [41, 51]);
    await new Promise((r) => setTimeout(r, 1500));
    expect(cairn(['pipeline', 'list', '--json']).json()).toHaveLength(4);
    await stop(serve);
  });
});
