import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseCsvFile, streamTable } from '../../electron/core/datasets/csv-parse';

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

describe('hostile tables', () => {
  const withEnv = async (vars: Record<string, string>, fn: () => Promise<void>) => {
    const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
    Object.assign(process.env, vars);
    try {
      await fn();
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  };

  it('refuses a 20 MB field in seconds, naming the line it starts on; fields under the limit still read', async () => {
    // Hex packs about 2:1, under the gzip ratio limit.
    const big = `a,b\n1,x\n2,"${crypto.randomBytes(10_000_000).toString('hex')}"\n3,z\n`;
    const started = Date.now();
    await expect(parseCsvFile(tmpFile('big.csv', big))).rejects.toThrow(/big\.csv: line 3: a record longer than 16 MiB \(CAIRN_MAX_RECORD_MB/);
    // Gzip feeds the parser 16 KiB at a time, which made this quadratic (minutes for 40 MB).
    await expect(parseCsvFile(tmpFile('big.csv.gz', zlib.gzipSync(big)))).rejects.toThrow(/line 3: a record longer than 16 MiB/);
    expect(Date.now() - started).toBeLessThan(10_000);
    const t = await parseCsvFile(tmpFile('ok.csv.gz', zlib.gzipSync(`a,b\n1,"${'q'.repeat(8_000_000)}"\n2,z\n`)));
    expect(t.rows.map((r) => (r[1] as string).length)).toEqual([8_000_000, 1]);
  }, 30_000);

  it('counts the record limit per record, across quoted newlines, doubled quotes and stray quotes mid-field', async () => {
    await withEnv({ CAIRN_MAX_RECORD_MB: '1' }, async () => {
      // A literal 12" mid-field opens no quote: the next lines are records of their own.
      const ok = `text,label\n"say ""hi""\n${'a'.repeat(600_000)}",x\n12" tv,y\n${'b'.repeat(900_000)},z\n`;
      const t = await parseCsvFile(tmpFile('q.csv', ok));
      expect(t.rows.map((r) => r[1])).toEqual(['x', 'y', 'z']);
      expect((t.rows[0][0] as string).startsWith('say "hi"\naaa')).toBe(true);
      const bad = `text,label\n1,x\n"${'a'.repeat(600_000)}\n${'a'.repeat(600_000)}",y\n`;
      await expect(parseCsvFile(tmpFile('q2.csv', bad))).rejects.toThrow(/line 3: a record longer than 1 MiB/);
      await expect(parseCsvFile(tmpFile('l.jsonl', `{"a":1}\n{"a":"${'c'.repeat(1_200_000)}"}\n`))).rejects.toThrow(/line 2: a record longer than 1 MiB/);
    });
    await withEnv({ CAIRN_MAX_RECORD_MB: 'lots' }, async () => {
      await expect(parseCsvFile(tmpFile('r.csv', 'a,b\n1,2\n'))).rejects.toThrow('CAIRN_MAX_RECORD_MB must be a positive number, got "lots"');
    });
  });

  it('stops a gzip bomb by its ratio past the first 16 MiB, and by the absolute cap', async () => {
    // 24 MB of "0,0" rows pack about 1000:1.
    const bomb = tmpFile('bomb.csv.gz', zlib.gzipSync('a,b\n' + '0,0\n'.repeat(6_000_000)));
    let rows = 0;
    await expect(streamTable(bomb, 'csv', { row: () => rows++ })).rejects.toThrow(
      /bomb\.csv\.gz: unpacks to more than 200 times its packed size, like a gzip bomb \(CAIRN_MAX_GUNZIP_RATIO/,
    );
    expect(rows).toBeLessThan(4_200_000);
    await withEnv({ CAIRN_MAX_GUNZIP_MB: '1' }, async () => {
      await expect(parseCsvFile(tmpFile('two.csv.gz', zlib.gzipSync('a,b\n' + '1,2\n'.repeat(300_000))))).rejects.toThrow(
        /unpacks to more than 1 MiB \(CAIRN_MAX_GUNZIP_MB/,
      );
    });
  }, 30_000);
});
