import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratchName, scratchOwner, sweepScratch } from '../../electron/core/datasets/scratch-sweep';

describe('sweepScratch', () => {
  it('removes scratch files untouched for a day and keeps younger ones, which another process may be using', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-scratch-'));
    const old = path.join(dir, 'import-old.db');
    const fresh = path.join(dir, 'import-new.db');
    fs.writeFileSync(old, 'x');
    fs.writeFileSync(fresh, 'y');
    const twoDaysAgo = new Date(Date.now() - 48 * 3600 * 1000);
    fs.utimesSync(old, twoDaysAgo, twoDaysAgo);
    expect(sweepScratch([dir, path.join(dir, 'missing')])).toEqual({ count: 1, bytes: 1 });
    expect(fs.readdirSync(dir)).toEqual(['import-new.db']);
  });

  it('removes at once the files of a process that is gone, keeping a live one\'s', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-scratch-'));
    const mine = scratchName('import', '.db');
    expect(scratchOwner(mine)).toBe(process.pid);
    const dead = mine.replace(`-${process.pid}-`, '-4000001-');
    const live = mine.replace(`-${process.pid}-`, '-4000002-');
    fs.writeFileSync(path.join(dir, dead), 'abc');
    fs.writeFileSync(path.join(dir, live), 'de');
    expect(sweepScratch([dir], Date.now(), (pid) => pid === 4000002)).toEqual({ count: 1, bytes: 3 });
    expect(fs.readdirSync(dir)).toEqual([live]);
  });
});
