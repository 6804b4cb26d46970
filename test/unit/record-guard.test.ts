import { describe, expect, it } from 'vitest';
import { wholeRecords } from '../../electron/core/datasets/record-guard';

/** Feeds `text` in pieces of `size` characters; resolves with what came out in each emitted chunk. */
function feed(text: string, size: number, limit: number, quoted = true): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const guard = wholeRecords(limit, quoted);
    const out: string[] = [];
    guard.on('data', (c: string) => out.push(c));
    guard.on('end', () => resolve(out));
    guard.on('error', reject);
    for (let i = 0; i < text.length; i += size) guard.write(text.slice(i, i + size));
    guard.end();
  });
}

const CSV = 'a,b\n"x\n""y""",1\n12" tv,"q"\n"",z\n;"p\nq";w\nlast,1';

describe('wholeRecords', () => {
  it('passes every character on, each chunk ending at a record boundary, whatever the piece size', async () => {
    for (const size of [1, 2, 3, 5, 7, 1000]) {
      const out = await feed(CSV, size, 1000);
      expect(out.join('')).toBe(CSV);
      // Records: a,b | "x\n""y""",1 | 12" tv,"q" | "",z | ;"p\nq";w | last,1 (no newline: flushed).
      // No chunk may end at a newline inside quotes.
      const recordEnds = ['a,b\n', '"x\n""y""",1\n', '12" tv,"q"\n', '"",z\n', ';"p\nq";w\n'].reduce<number[]>(
        (ends, r) => [...ends, (ends.at(-1) ?? 0) + r.length],
        [],
      );
      let at = 0;
      for (const chunk of out.slice(0, -1)) {
        at += chunk.length;
        expect(recordEnds).toContain(at);
      }
    }
  });

  it('refuses the first record over the limit, naming the line it starts on (quoted newlines counted)', async () => {
    // Line 4 is where `12" tv,"q"` starts: the quoted newline of record 2 is a line of its own.
    await expect(feed(CSV.replace('12" tv', `12" ${'t'.repeat(50)}`), 3, 40)).rejects.toThrow(/^line 4: a record longer than 40 bytes/);
    await expect(feed(`a\n${'b'.repeat(41)}`, 4, 40, false)).rejects.toThrow(/^line 2: a record longer than 40 bytes/);
    // Without quoting (JSON Lines), a quote opens nothing.
    expect((await feed('{"a":"x\n{"b":1}\n', 2, 1000, false))[0]).toBe('{"a":"x\n');
  });

  it('refuses binary data at the start', async () => {
    await expect(feed('PK\u0003\u0004\u0000\u0000', 100, 1000)).rejects.toThrow(/^binary data, not text/);
  });
});
