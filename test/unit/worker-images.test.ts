import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { imageSpec } from '../../shared/ml';
import { decodeImages } from '../../electron/worker/images';
import { dataset } from '../helpers';

describe('decodeImages', () => {
  it('names the image it cannot decode by its dataset name, else by its path', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-decode-'));
    const good = dataset('digits-images', '3', '0003.png');
    const bad = path.join(dir, 'blob');
    fs.writeFileSync(bad, fs.readFileSync(good).subarray(0, 90));
    const spec = imageSpec(8, 1);
    await expect(decodeImages([good, bad], spec, ['3/0003.png', 'b/cut.png'])).rejects.toThrow(/^b\/cut\.png: not a readable image \(.+\)$/);
    await expect(decodeImages([bad], spec)).rejects.toThrow(`${bad}: not a readable image`);
    expect((await decodeImages([good], spec)).length).toBe(64);
  });
});
