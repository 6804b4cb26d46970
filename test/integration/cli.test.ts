import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliOn, cliProcess, dataset, tempDir } from '../helpers';

let dataDir: string;

const cairn = cliOn(() => dataDir, 170_000);

function db() {
  return new Database(path.join(dataDir, 'cairn.db'), { readonly: true });
}

beforeAll(() => {
  dataDir = tempDir('cairn-cli-');
  const iris = cairn(['datasets', 'import', dataset('iris.csv'), '--name', 'iris', '--json']);
  expect(iris.code, iris.stderr).toBe(0);
});

describe('cairn CLI', () => {
  it('imports a CSV and prints its id, name, version, rows and columns', () => {
    const r = cairn(['datasets', 'import', dataset('wine.csv'), '--name', 'wine', '--json']);
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({ name: 'wine', version: 1, rows: 178, labelColumn: 'label' });
    expect(r.json().columns).toHaveLength(14);
    expect(typeof r.json().id).toBe('number');
  });

  it('trains an MLP on iris to finished, stores its metric points, and lists and shows the run', () => {
    const r = cairn(['train', '--dataset', 'iris', '--epochs', '25', '--lr', '0.01', '--experiment', 'cli', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = r.json();
    expect(out).toMatchObject({ status: 'finished', engine: expect.stringMatching(/^(node-gpu|node|wasm|cpu)$/) });
    expect(out.metrics.val_accuracy).toBeGreaterThan(0.8);
    expect(out.metrics.loss).toBeLessThan(0.8);

    const conn = db();
    const epochs = conn.prepare("SELECT COUNT(*) FROM metrics WHERE run_id = ? AND key = 'loss'").pluck().get(out.runId);
    const batches = conn.prepare("SELECT COUNT(*) FROM metrics WHERE run_id = ? AND key = 'batch/loss'").pluck().get(out.runId) as number;
    const artifacts = conn.prepare('SELECT name FROM run_artifacts WHERE run_id = ? ORDER BY name').pluck().all(out.runId);
    expect(epochs).toBe(25);
    expect(batches).toBeGreaterThan(0);
    expect(artifacts).toEqual(expect.arrayContaining(['model/model.json', 'model/weights.bin', 'checkpoint/model.json', 'checkpoint/weights.bin']));
    // Superseded checkpoints are deleted: every stored file is still referenced.
    const orphans = conn
      .prepare(
        'SELECT COUNT(*) FROM files f WHERE NOT EXISTS (SELECT 1 FROM run_artifacts a WHERE a.file_hash = f.hash) AND NOT EXISTS (SELECT 1 FROM items i WHERE i.file_hash = f.hash)',
      )
      .pluck()
      .get();
    expect(orphans).toBe(0);
    const onDisk = fs.readdirSync(path.join(dataDir, 'files')).flatMap((d) => fs.readdirSync(path.join(dataDir, 'files', d))).length;
    expect(onDisk).toBe(conn.prepare('SELECT COUNT(*) FROM files').pluck().get());
    conn.close();

    const list = cairn(['runs', 'list', '--experiment', 'cli', '--json']).json();
    expect(list.map((x: { id: string }) => x.id)).toEqual([out.runId]);
    const show = cairn(['runs', 'show', out.runId.slice(0, 8), '--json']).json();
    expect(show).toMatchObject({ id: out.runId, status: 'finished', datasetName: 'iris', datasetVersion: 1, config: { epochs: 25, learningRate: 0.01 } });
    expect(show.preprocessing).toBeTruthy();
  });

  it('trains a CNN on the digits images on the wasm engine', () => {
    const imp = cairn(['datasets', 'import', dataset('digits-images'), '--name', 'digits', '--json']);
    expect(imp.code, imp.stderr).toBe(0);
    expect(imp.json()).toMatchObject({ rows: 1797, kind: 'images' });
    const r = cairn(['train', '--dataset', 'digits', '--model', 'cnn', '--engine', 'wasm', '--epochs', '2', '--batch-size', '64', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toMatchObject({ status: 'finished', engine: 'wasm', device: 'cpu' });
    expect(r.json().metrics.val_accuracy).toBeGreaterThan(0.3);
  });

  it('turns a run whose process died into interrupted, then resumes it from its checkpoint', async () => {
    const child = cliProcess(dataDir, ['train', '--dataset', 'iris', '--epochs', '400', '--batch-size', '8', '--experiment', 'resume', '--json'], {
      stdio: 'ignore',
    });
    let runId: string | undefined;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      const conn = db();
      const row = conn.prepare("SELECT r.id, r.checkpoint_epoch FROM runs r JOIN experiments e ON e.id = r.experiment_id WHERE e.name = 'resume'").get() as
        { id: string; checkpoint_epoch: number | null } | undefined;
      // A system sample too (every 2 s), which the resumed process must not log again.
      const sampled = row && conn.prepare("SELECT 1 FROM metrics WHERE run_id = ? AND key = 'system/cpu_percent'").get(row.id);
      conn.close();
      if (row?.checkpoint_epoch && row.checkpoint_epoch >= 2 && sampled) {
        runId = row.id;
        break;
      }
    }
    expect(runId).toBeDefined();
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    const listed = cairn(['runs', 'show', runId!, '--json']).json();
    expect(listed.status).toBe('interrupted');
    const checkpoint = listed.checkpointEpoch as number;

    // Shorten the remaining work: resume continues the recorded config (400 epochs) otherwise.
    const conn = new Database(path.join(dataDir, 'cairn.db'));
    conn.prepare("UPDATE runs SET config = json_set(config, '$.epochs', ?) WHERE id = ?").run(checkpoint + 12, runId);
    const systemBefore = conn.prepare("SELECT MAX(step) FROM metrics WHERE run_id = ? AND key LIKE 'system/%'").pluck().get(runId) as number;
    conn.close();

    const resumed = cairn(['resume', runId!, '--json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.json().status).toBe('finished');
    const check = db();
    const steps = check.prepare("SELECT step FROM metrics WHERE run_id = ? AND key = 'loss' ORDER BY step").pluck().all(runId) as number[];
    const duplicates = check.prepare('SELECT key, step, COUNT(*) AS n FROM metrics WHERE run_id = ? GROUP BY key, step HAVING n > 1').all(runId);
    // Every system key: a resume shorter than the 2 s sampling interval logs only its closing
    // wall and CPU seconds.
    const systemSteps = check.prepare("SELECT step FROM metrics WHERE run_id = ? AND key LIKE 'system/%' ORDER BY step").pluck().all(runId) as number[];
    check.close();
    expect(steps).toEqual(Array.from({ length: checkpoint + 12 }, (_, i) => i + 1));
    expect(duplicates).toEqual([]);
    // Both processes' samples are kept, the resumed ones after the first's.
    expect(systemSteps[0]).toBeLessThanOrEqual(systemBefore);
    expect(systemSteps[systemSteps.length - 1]).toBeGreaterThan(systemBefore);
  });

  it('reports user mistakes in one line with a non-zero exit and no stack trace', () => {
    const missing = cairn(['train', '--dataset', 'nope', '--json']);
    expect(missing.code).toBe(3);
    expect(missing.stderr.trim().split('\n')).toEqual(['cairn: No dataset named "nope"; see `cairn datasets list`']);
    const badNumber = cairn(['train', '--dataset', 'iris', '--epochs', 'ten']);
    expect(badNumber.code).not.toBe(0);
    expect(badNumber.stderr).toMatch(/--epochs expects an integer, got "ten"/);
    expect(badNumber.stderr).not.toMatch(/\bat .*\.js:\d+/);
    const badFile = cairn(['datasets', 'import', dataset('nothing.csv'), '--name', 'x']);
    expect(badFile.code).toBe(1);
    expect(badFile.stderr).toMatch(/no such file or folder/);
    const wrongModel = cairn(['train', '--dataset', 'iris', '--model', 'cnn']);
    expect(wrongModel.stderr).toMatch(/CNN model needs an image dataset/);
  });
});

describe('reproducibility', () => {
  it('re-runs a run on cpu with the same seed and gets the same metrics, and records the environment', () => {
    const first = cairn(['train', '--dataset', 'iris', '--epochs', '8', '--engine', 'cpu', '--seed', '7', '--experiment', 'repro', '--json']);
    expect(first.code, first.stderr).toBe(0);
    const again = cairn(['rerun', first.json().runId, '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.json().runId).not.toBe(first.json().runId);
    const conn = db();
    const series = (id: string) =>
      conn.prepare("SELECT key, step, value FROM metrics WHERE run_id = ? AND key NOT LIKE 'batch/%' AND key NOT LIKE 'system/%' ORDER BY key, step").all(id);
    const a = series(first.json().runId);
    expect(a.length).toBe(8 * 4);
    expect(series(again.json().runId)).toEqual(a);
    conn.close();
    const shown = cairn(['runs', 'show', again.json().runId, '--json']).json();
    expect(shown.config).toMatchObject({ seed: 7, epochs: 8, engine: 'cpu' });
    expect(shown.environment).toMatchObject({
      app: expect.any(String),
      node: process.versions.node,
      cores: expect.any(Number),
      datasetHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(shown.environment.libraries['@tensorflow/tfjs']).toBe('4.22.0');
    expect(shown.engineInfo).toMatchObject({ engine: 'cpu', tfjsVersion: '4.22.0' });
  });

  it("logs system metrics: CPU, memory, wall and CPU seconds, and the worker's peak memory", () => {
    const r = cairn(['train', '--dataset', 'iris', '--epochs', '60', '--batch-size', '4', '--experiment', 'system', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const conn = db();
    const keys = conn.prepare("SELECT DISTINCT key FROM metrics WHERE run_id = ? AND key LIKE 'system/%' ORDER BY key").pluck().all(r.json().runId);
    const wall = conn.prepare("SELECT value FROM metrics WHERE run_id = ? AND key = 'system/wall_seconds'").pluck().get(r.json().runId) as number;
    const samples = conn.prepare("SELECT value FROM metrics WHERE run_id = ? AND key = 'system/memory_mb'").pluck().all(r.json().runId) as number[];
    const peak = conn.prepare("SELECT value FROM metrics WHERE run_id = ? AND key = 'system/peak_memory_mb'").pluck().get(r.json().runId) as number;
    conn.close();
    expect(keys).toEqual(expect.arrayContaining(['system/cpu_seconds', 'system/wall_seconds', 'system/peak_memory_mb']));
    expect(wall).toBeGreaterThan(0);
    // The kernel's high-water mark is at least every sampled RSS, and a plausible worker size.
    expect(peak).toBeGreaterThanOrEqual(Math.max(0, ...samples) - 1);
    expect(peak).toBeGreaterThan(30);
    expect(peak).toBeLessThan(4096);
  });
});
