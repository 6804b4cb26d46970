import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliOn, cliProcess, dataset, tempDir } from '../helpers';

// Ctrl+C while `cairn train` or `cairn sweep` waits cancels what it started (through runs.cancel
// and sweeps.cancel) instead of leaving it to be found interrupted, and the command says so.

let dataDir: string;

beforeAll(() => {
  dataDir = tempDir('cairn-cli-cancel-');
  const r = cliOn(dataDir)(['datasets', 'import', dataset('iris.csv'), '--name', 'iris']);
  expect(r.code, r.stderr).toBe(0);
});

/**
 * Runs the command, sends SIGINT once a run of it has logged a metric point (by then the command
 * waits, its Ctrl+C handler in place), and gives its exit and output.
 */
async function interrupted(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = cliProcess(dataDir, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  let ended = false;
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(((ended = true), code))));
  const deadline = Date.now() + 120_000;
  while (!ended && !training() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  child.kill('SIGINT');
  return { code: await exited, stdout, stderr };
}

function training(): boolean {
  if (!fs.existsSync(path.join(dataDir, 'cairn.db'))) return false;
  const db = new Database(path.join(dataDir, 'cairn.db'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare("SELECT 1 FROM metrics m JOIN runs r ON r.id = m.run_id WHERE r.status = 'running'").get() !== undefined;
  } catch {
    return false;
  } finally {
    db.close();
  }
}

function statuses(): string[] {
  const db = new Database(path.join(dataDir, 'cairn.db'), { readonly: true });
  try {
    return (db.prepare('SELECT status FROM runs').pluck().all() as string[]).sort();
  } finally {
    db.close();
  }
}

describe('Ctrl+C', () => {
  it('cancels the run `cairn train` waits for', async () => {
    const r = await interrupted(['train', '--dataset', 'iris', '--epochs', '10000', '--json']);
    expect(r.stderr).toContain('Cancelling…');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'cancelled' });
    expect(statuses()).toEqual(['cancelled']);
  }, 180_000);

  it('cancels the sweep `cairn sweep` waits for, and its trials', async () => {
    const spec = path.join(dataDir, 'sweep.json');
    fs.writeFileSync(
      spec,
      JSON.stringify({
        name: 's',
        dataset: 'iris',
        experiment: 'sweeps',
        method: 'grid',
        metric: 'val_accuracy',
        goal: 'maximize',
        parallel: 1,
        base: { model: 'mlp', epochs: 10000 },
        space: { learningRate: { values: [0.01, 0.02] } },
      }),
    );
    const r = await interrupted(['sweep', spec, '--json']);
    expect(r.stderr).toContain('Cancelling the sweep…');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'cancelled', best: null });
    // The trial that was training is stopped before the command closes its core, not cut off by the close.
    expect(JSON.parse(r.stdout).trials.map((t: { status: string }) => t.status)).toEqual(['cancelled', 'cancelled']);
    expect(statuses()).toEqual(['cancelled', 'cancelled', 'cancelled']);
    expect(r.stderr).not.toMatch(/could not be recorded/);
  }, 180_000);
});
