import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isOtherProcessAlive } from '../../electron/core/process-alive';
import { jobScratchPath, sweepJobsFolder } from '../../electron/core/training/jobs-folder';
import { tempDir } from '../helpers';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('jobs folder sweep', () => {
  it('removes what dead runs and dead processes left, and nothing a live one is using', () => {
    const jobs = tempDir('cairn-jobs-');
    dirs.push(jobs);
    const mine = jobScratchPath(jobs, 'cross-validate');
    fs.mkdirSync(mine);
    const uuid = '0b5e8c1e-2f1a-4c44-9d3e-6a7f3f1d2c3b';
    const names = {
      liveRun: 'a1b2c3',
      deadRun: 'd4e5f6',
      otherLiveProcess: `predict-${process.ppid}-${uuid}`,
      deadProcess: `evaluate-999999999-${uuid}.csv`,
    };
    for (const n of Object.values(names)) fs.mkdirSync(path.join(jobs, n));

    const removed = sweepJobsFolder(jobs, (id) => id === names.liveRun, isOtherProcessAlive);

    expect(removed.sort()).toEqual([names.deadProcess, names.deadRun].sort());
    expect(fs.readdirSync(jobs).sort()).toEqual([path.basename(mine), names.liveRun, names.otherLiveProcess].sort());
  });
});
