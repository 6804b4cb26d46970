import { describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/core';
import { tempDir } from '../helpers';

// Services are built on first use, but opening still settles what dead processes left behind:
// their runs and sweeps end `interrupted`; those of a live process (the test runner) keep running.

/** A pid no process has: above Linux's pid_max. */
const DEAD_PID = 4_194_305;

describe('opening the core', () => {
  it("marks the runs and sweeps of dead processes interrupted, and leaves a live process's", () => {
    const dataDir = tempDir('cairn-open-duties-');
    const first = new Core({ dataDir, transport: 'http' });
    const db = first.services.db;
    const insertRun = db.prepare(
      "INSERT INTO runs (id, experiment_id, name, status, model_type, config, params, seed, created_at, owner_pid) VALUES (?, 1, ?, 'running', 'mlp', '{}', '{}', 0, 0, ?)",
    );
    insertRun.run('deadrun', 'dead', DEAD_PID);
    insertRun.run('liverun', 'live', process.ppid);
    const insertSweep = db.prepare("INSERT INTO sweeps (name, experiment_id, spec, status, created_at, owner_pid) VALUES (?, 1, '{}', 'running', 0, ?)");
    const deadSweep = Number(insertSweep.run('dead', DEAD_PID).lastInsertRowid);
    const liveSweep = Number(insertSweep.run('live', process.ppid).lastInsertRowid);
    first.close();

    const core = new Core({ dataDir, transport: 'http' });
    try {
      expect(core.interrupted).toEqual(['deadrun']);
      const status = (table: string, id: string | number) => core.services.db.prepare(`SELECT status FROM ${table} WHERE id = ?`).pluck().get(id);
      expect([status('runs', 'deadrun'), status('runs', 'liverun')]).toEqual(['interrupted', 'running']);
      expect([status('sweeps', deadSweep), status('sweeps', liveSweep)]).toEqual(['interrupted', 'running']);
    } finally {
      core.close();
    }
  });
});
