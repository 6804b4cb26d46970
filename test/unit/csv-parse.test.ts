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

  it('reads files that mix CRLF, LF and CR line endings, even split across chunks', async () => {
    const t = await parseCsvFile(tmpFile('mixed.csv', 'a,b,label\r\n1,2,x\r\n3,4,y\n5,6,x\r7,8,y\r\n'));
    expect(t.rows).toEqual([
      [1, 2, 'x'],
      [3, 4, 'y'],
      [5, 6, 'x'],
      [7, 8, 'y'],
    ]);
    // 1 MiB read chunks: put a CRLF exactly on the boundary.
    const header = 'v,label\r\n';
    const filler = 'x'.repeat((1 << 20) - header.length - 3);
    const big = await parseCsvFile(tmpFile('edge.csv', `${header}${filler},a\r\n9,b\r\n`));
    expect(big.rows.map((r) => r[1])).toEqual(['a', 'b']);
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
