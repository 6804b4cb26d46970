import crypto from 'node:crypto';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { Sha256Batch } from '../../electron/core/datasets/sha256-batch';

// Item identities are SHA-256 digests of row text: the batched WebAssembly hash must give node's
// (OpenSSL's) digest for every text, or versions stop matching their earlier imports.

const digest = (text: string) => crypto.hash('sha256', text, 'buffer');

function hashAll(texts: string[]): Buffer {
  const out = Buffer.alloc(texts.length * 32);
  new Sha256Batch().hash(texts, out);
  return out;
}

function mismatches(texts: string[]): string[] {
  const out = hashAll(texts);
  return texts.filter((t, i) => !out.subarray(32 * i, 32 * (i + 1)).equals(digest(t))).map((t) => `${t.length} chars: ${t.slice(0, 40)}`);
}

describe('batched SHA-256', () => {
  it("matches node's digest at every length across the padding boundaries (0 to 300 bytes)", () => {
    expect(mismatches(Array.from({ length: 301 }, (_, n) => 'abcdefghij'.repeat(31).slice(0, n)))).toEqual([]);
  });

  it('hashes the UTF-8 bytes: 2-, 3- and 4-byte characters, and a lone surrogate as U+FFFD', () => {
    const texts = ['é', '€', '𝄞', 'naïve café ☕', '\ud800', 'a\udc00b', ...Array.from({ length: 70 }, (_, n) => 'é€𝄞x'.repeat(n))];
    expect(mismatches(texts)).toEqual([]);
  });

  it('hashes many random rows in several calls, and texts bigger than its memory', () => {
    const r = seedrandom('sha');
    const rows = Array.from({ length: 10_000 }, () => JSON.stringify(Array.from({ length: 1 + Math.floor(r() * 20) }, () => Math.round(r() * 1e6) / 1e3)));
    const big = 'x'.repeat(9_000_000);
    expect(mismatches([...rows.slice(0, 5000), big, ...rows.slice(5000), big + 'y'])).toEqual([]);
    const sha = new Sha256Batch();
    sha.hash(rows, Buffer.alloc(rows.length * 32));
    expect(sha.grown).toBe(false);
    sha.hash([big], Buffer.alloc(32));
    expect(sha.grown).toBe(true);
  });

  it('refuses an output too short for the digests', () => {
    expect(() => new Sha256Batch().hash(['a', 'b'], Buffer.alloc(63))).toThrow(/too short/);
  });
});
