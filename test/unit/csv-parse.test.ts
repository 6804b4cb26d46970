import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseCsvFile } from '../../electron/core/datasets/csv-parse';

function tmpFile(name: string, content: string | Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-csv-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

describe('parseCsvFile', () => {
  it('infers numeric and categorical columns and reads NA cells as missing', async () => {
    const t = await parseCsvFile(tmpFile('a.csv', 'x,color,label\n1.5,red,a\nNA,blue,b\n3,,a\n'));
    expect(t.columns.map((c) => [c.name, c.type, c.missing, c.distinct])).toEqual([
      ['x', 'numeric', 1, 2],
      ['color', 'categorical', 1, 2],
      ['label', 'categorical', 0, 2],
    ]);
    expect(t.rows[1]).toEqual([null, 'blue', 'b']);
  });

  it('handles a BOM, quoted newlines and quoted delimiters', async () => {
    const t = await parseCsvFile(tmpFile('b.csv', '\uFEFFtext,label\n"line one\nline two",x\n"a, b",y\n'));
    expect(t.columns[0].name).toBe('text');
    expect(t.rows).toEqual([
      ['line one\nline two', 'x'],
      ['a, b', 'y'],
    ]);
  });

  it('detects tabs and reads gzip', async () => {
    const t = await parseCsvFile(tmpFile('c.tsv.gz', zlib.gzipSync('a\tb\n1\t2\n3\t4\n')));
    expect(t.columns.map((c) => c.type)).toEqual(['numeric', 'numeric']);
    expect(t.rows).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it('rejects a ragged row naming its line', async () => {
    await expect(parseCsvFile(tmpFile('d.csv', 'a,b\n1,2\n3\n'))).rejects.toThrow(/line 3: expected 2 fields, found 1/);
  });

  it('rejects duplicate and empty headers, and header-only files', async () => {
    await expect(parseCsvFile(tmpFile('e.csv', 'a,a\n1,2\n'))).rejects.toThrow(/column "a" appears twice/);
    await expect(parseCsvFile(tmpFile('f.csv', 'a,b\n'))).rejects.toThrow(/no rows/);
  });
});
