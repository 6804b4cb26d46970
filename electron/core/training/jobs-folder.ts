import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

// The jobs folder holds scratch space of work in progress: `<runId>/` for a training run, and
// `<kind>-<pid>-<uuid>` for the inputs of predictions and evaluations. Several processes share a
// data folder, so what a crashed process left is told apart by owner: a run that is no longer
// live, or a pid that no longer exists.

/** A scratch path for one job of this process, removed by its caller and swept if the process dies. */
export function jobScratchPath(jobsDir: string, kind: string, ext = ''): string {
  fs.mkdirSync(jobsDir, { recursive: true });
  return path.join(jobsDir, `${kind}-${process.pid}-${crypto.randomUUID()}${ext}`);
}

const SCRATCH_NAME = /^[a-z][a-z-]*?-(\d+)-[0-9a-f-]{36}(\.\w+)?$/;

/** Removes what dead owners left; returns the names removed. */
export function sweepJobsFolder(jobsDir: string, isLiveRun: (runId: string) => boolean, isAlive: (pid: number) => boolean): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(jobsDir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const scratch = SCRATCH_NAME.exec(name);
    const dead = scratch ? Number(scratch[1]) !== process.pid && !isAlive(Number(scratch[1])) : !isLiveRun(name);
    if (!dead) continue;
    fs.rmSync(path.join(jobsDir, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}
