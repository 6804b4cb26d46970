import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { FAULT_KINDS, FaultBench, KILL_WINDOW_MS } from '../../bench/torture/faults';
import { tempDir } from '../helpers';
import { rng } from '../rng';

// A short sample of the crash trials `npm run torture` runs by the dozen: each kind of long
// command is killed with SIGKILL once, at a seeded random moment, on one shared data folder.

const work = tempDir('cairn-faults-');
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('kill -9 at random moments', () => {
  const bench = new FaultBench(work);
  const random = rng(20261203);

  it('sets up a data folder with a finished run', () => {
    bench.setup(40_000);
    expect(bench.storeProblems()).toEqual([]);
  });

  for (const kind of FAULT_KINDS) {
    it(`survives a ${kind} killed mid-way`, async () => {
      const trial = await bench.trial(kind, Math.floor(random() * KILL_WINDOW_MS[kind] * 0.5));
      expect(trial.problems).toEqual([]);
    });
  }

  it('a sweep killed while its trials run ends interrupted, and its trial resumes', async () => {
    const trial = await bench.trial('sweep', 2500);
    expect(trial.finishedFirst).toBe(false);
    expect(trial.problems).toEqual([]);
    const db = new Database(path.join(bench.dataDir, 'cairn.db'), { readonly: true });
    const last = db.prepare('SELECT id, status FROM sweeps ORDER BY id DESC LIMIT 1').get() as { id: number; status: string };
    const trials = db.prepare('SELECT status FROM runs WHERE sweep_id = ?').pluck().all(last.id) as string[];
    db.close();
    expect(last.status).toBe('interrupted');
    // The trial that was running was resumed by the check and finished; the rest never started.
    expect(trials).toContain('finished');
  });
});
