import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratchName, scratchOwner, sweepScratch } from '../../electron/core/datasets/scratch-sweep';
import { sweepPendingOutputs, withPendingOutput } from '../../electron/core/files/pending-outputs';

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

  it("removes at once the files of a process that is gone, keeping a live one's", () => {
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

  it("keeps this process's own files written since it started (a second Core on the folder), not an earlier holder of its pid's", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-scratch-'));
    const ours = scratchName('import', '.db');
    const predecessor = scratchName('blob');
    fs.writeFileSync(path.join(dir, ours), 'x');
    fs.writeFileSync(path.join(dir, predecessor), 'yy');
    const beforeStart = new Date(Date.now() - process.uptime() * 1000 - 3600_000);
    fs.utimesSync(path.join(dir, predecessor), beforeStart, beforeStart);
    expect(sweepScratch([dir])).toEqual({ count: 1, bytes: 2 });
    expect(fs.readdirSync(dir)).toEqual([ours]);
  });
});

describe('sweepPendingOutputs', () => {
  it("removes the temp outputs a dead process recorded, never a path that is not such a temp, and keeps a live process's", async () => {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-scratch-'));
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-out-'));
    const record = (pid: number, tmp: string) => fs.writeFileSync(path.join(scratch, `output-${pid}-0123456789abcdef.json`), JSON.stringify({ tmp }));
    const deadTmp = path.join(out, 'a.csv.4000001.tmp');
    fs.writeFileSync(deadTmp, 'half a file');
    record(4000001, deadTmp);
    const precious = path.join(out, 'thesis.docx');
    fs.writeFileSync(precious, 'keep');
    record(4000003, precious);
    const liveTmp = path.join(out, 'b.csv.4000002.tmp');
    fs.writeFileSync(liveTmp, 'writing');
    record(4000002, liveTmp);
    expect(sweepPendingOutputs(scratch, (pid) => pid === 4000002)).toEqual({ count: 1, bytes: 11 });
    expect(fs.readdirSync(out).sort()).toEqual(['b.csv.4000002.tmp', 'thesis.docx']);
    expect(fs.readdirSync(scratch)).toEqual(['output-4000002-0123456789abcdef.json']);
    // The record lives exactly as long as the write.
    const written = await withPendingOutput(scratch, path.join(out, 'c.csv.1.tmp'), async () => fs.readdirSync(scratch).length);
    expect(written).toBe(2);
    expect(fs.readdirSync(scratch)).toHaveLength(1);
  });
});
