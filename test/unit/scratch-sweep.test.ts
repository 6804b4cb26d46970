import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sweepScratch } from '../../electron/core/datasets/scratch-sweep';

describe('sweepScratch', () => {
  it('removes scratch files untouched for a day and keeps younger ones, which another process may be using', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-scratch-'));
    const old = path.join(dir, 'import-old.db');
    const fresh = path.join(dir, 'import-new.db');
    fs.writeFileSync(old, 'x');
    fs.writeFileSync(fresh, 'y');
    const twoDaysAgo = new Date(Date.now() - 48 * 3600 * 1000);
    fs.utimesSync(old, twoDaysAgo, twoDaysAgo);
    expect(sweepScratch([dir, path.join(dir, 'missing')])).toBe(1);
    expect(fs.readdirSync(dir)).toEqual(['import-new.db']);
  });
});
