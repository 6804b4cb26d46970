import { I32, assemble, op } from '../../../shared/wasm/assemble';

// SHA-256 of many short texts in one call. Content addressing hashes every row of a table, and
// node's crypto.hash costs ~1.8 µs a row of ~75 bytes, almost all of it the call (the digest
// itself is a few hundred nanoseconds): two seconds of a million-row import. Here the texts are
// written one after another into a WebAssembly memory, padded as SHA-256 pads them, and one
// call of an unrolled compression loop hashes them all.

/** The part of the WebAssembly JS API used here (lib ES2022 declares none of it). */
declare const WebAssembly: {
  Memory: new (d: { initial: number }) => { buffer: ArrayBuffer; grow(pages: number): number };
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
};

// prettier-ignore
const K = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];
const IV = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

/** Params: the descriptors (offset, 64-byte blocks: two i32 per text), how many, where digests go. */
const P = { desc: 0, count: 1, out: 2 };
const L = { i: 3, p: 4, blocks: 5, h: 6, v: 14, w: 22, t: 38 };

const get = op.get;
const rotr = (local: number, n: number) => [get(local), op.i32(n), op.i32Rotr];
/** Three rotations (or shift, for σ) of a local, xor-ed. */
const mix = (local: number, a: number, b: number, c: number, shiftLast: boolean) => [
  ...rotr(local, a),
  ...rotr(local, b),
  op.i32Xor,
  ...(shiftLast ? [get(local), op.i32(c), op.i32ShrU] : rotr(local, c)),
  op.i32Xor,
];
/** Big-endian word from the value on the stack (WebAssembly loads little-endian). */
const swapped = [
  op.tee(L.t),
  op.i32(0xff00ff00 | 0),
  op.i32And,
  op.i32(8),
  op.i32Rotl,
  get(L.t),
  op.i32(0x00ff00ff),
  op.i32And,
  op.i32(8),
  op.i32Rotr,
  op.i32Or,
];

/** The 64 rounds over one block, its words in w0..w15; the working variables are renamed, not moved. */
function rounds(): number[][] {
  const code: number[][][] = [];
  let v = Array.from({ length: 8 }, (_, k) => L.v + k);
  const w = (t: number) => L.w + (t % 16);
  const t1 = L.t + 1;
  for (let t = 0; t < 64; t++) {
    // w[t] = σ1(w[t-2]) + w[t-7] + σ0(w[t-15]) + w[t-16], in place of w[t-16]
    if (t >= 16)
      code.push([
        ...mix(w(t - 2), 17, 19, 10, true),
        get(w(t - 7)),
        op.i32Add,
        ...mix(w(t - 15), 7, 18, 3, true),
        op.i32Add,
        get(w(t)),
        op.i32Add,
        op.set(w(t)),
      ]);
    const [a, b, c, d, e, f, g, h] = v;
    // t1 = h + Σ1(e) + Ch(e, f, g) + K[t] + w[t]; d += t1
    code.push([get(h), ...mix(e, 6, 11, 25, false), op.i32Add, get(g), get(e), get(f), get(g), op.i32Xor, op.i32And, op.i32Xor, op.i32Add]);
    code.push([op.i32(K[t] | 0), op.i32Add, get(w(t)), op.i32Add, op.set(t1), get(d), get(t1), op.i32Add, op.set(d)]);
    // h becomes a: t1 + Σ0(a) + Maj(a, b, c)
    code.push([
      get(t1),
      ...mix(a, 2, 13, 22, false),
      op.i32Add,
      get(a),
      get(b),
      op.i32And,
      get(c),
      get(a),
      get(b),
      op.i32Or,
      op.i32And,
      op.i32Or,
      op.i32Add,
      op.set(h),
    ]);
    v = [h, a, b, c, d, e, f, g];
  }
  return code.flat();
}

function body(): number[][] {
  const h = (k: number) => L.h + k;
  const loopWhile = (exitIf: number[][], inner: number[][]) => [op.block, op.loop, ...exitIf, op.brIf(1), ...inner, op.br(0), op.end, op.end];
  const descAt = [get(P.desc), get(L.i), op.i32(8), op.i32Mul, op.i32Add];
  const block = [
    ...Array.from({ length: 16 }, (_, j) => [get(L.p), op.i32Load(4 * j), ...swapped, op.set(L.w + j)]).flat(),
    ...Array.from({ length: 8 }, (_, k) => [get(h(k)), op.set(L.v + k)]).flat(),
    ...rounds(),
    // 64 renamings bring every name back to its own local.
    ...Array.from({ length: 8 }, (_, k) => [get(h(k)), get(L.v + k), op.i32Add, op.set(h(k))]).flat(),
    get(L.p),
    op.i32(64),
    op.i32Add,
    op.set(L.p),
    get(L.blocks),
    op.i32(1),
    op.i32Sub,
    op.set(L.blocks),
  ];
  const text = [
    ...descAt,
    op.i32Load(0),
    op.set(L.p),
    ...descAt,
    op.i32Load(4),
    op.set(L.blocks),
    ...IV.map((x, k) => [op.i32(x | 0), op.set(h(k))]).flat(),
    ...loopWhile([get(L.blocks), op.i32Eqz], block),
    ...Array.from({ length: 8 }, (_, k) => [get(P.out), get(L.i), op.i32(32), op.i32Mul, op.i32Add, get(h(k)), ...swapped, op.i32Store(4 * k)]).flat(),
    get(L.i),
    op.i32(1),
    op.i32Add,
    op.set(L.i),
  ];
  return [op.i32(0), op.set(L.i), ...loopWhile([get(L.i), get(P.count), op.i32GeU], text)];
}

// Assembled when first needed: at load it cost every command (`cairn runs list` too) 10 ms.
let assembled: Uint8Array | null = null;
const sha256Wasm = () => (assembled ??= assemble([{ name: 'hash', params: [I32, I32, I32], locals: Array<typeof I32>(L.t + 2 - 3).fill(I32), body: body() }]));

const PAGE = 65_536;
/** Texts per call: descriptors and digests take their own stretch at the start of the memory. */
const BATCH = 4096;
const DESC_AT = 0;
const OUT_AT = BATCH * 8;
const DATA_AT = OUT_AT + BATCH * 32;
const FIRST_PAGES = 64;

/** Hashes texts (as UTF-8) into 32-byte digests; one per thread, reused. */
export class Sha256Batch {
  private memory = new WebAssembly.Memory({ initial: FIRST_PAGES });
  private readonly hashAll = new WebAssembly.Instance(new WebAssembly.Module(sha256Wasm()), { env: { memory: this.memory } }).exports.hash as (
    desc: number,
    count: number,
    out: number,
  ) => void;
  private heap = Buffer.from(this.memory.buffer);

  /** Writes the digest of texts[i] at out[32 * i]. */
  hash(texts: readonly string[], out: Buffer): void {
    if (out.length < texts.length * 32) throw new Error('sha256: the output is too short');
    for (let from = 0; from < texts.length;) {
      let at = DATA_AT;
      let n = 0;
      for (; n < BATCH && from + n < texts.length; n++) {
        const text = texts[from + n];
        // A UTF-16 unit takes at most 3 bytes of UTF-8; padding adds 9 to 72.
        const room = text.length * 3 + 72;
        if (at + room > this.heap.length) {
          if (n > 0) break;
          this.grow(at + room);
        }
        const bytes = this.heap.write(text, at, 'utf8');
        const padded = Math.ceil((bytes + 9) / 64) * 64;
        this.heap[at + bytes] = 0x80;
        this.heap.fill(0, at + bytes + 1, at + padded - 8);
        // The length in bits, big-endian in the last 8 bytes.
        this.heap.writeUInt32BE(Math.floor(bytes / 2 ** 29), at + padded - 8);
        this.heap.writeUInt32BE((bytes * 8) >>> 0, at + padded - 4);
        this.heap.writeUInt32LE(at, DESC_AT + 8 * n);
        this.heap.writeUInt32LE(padded / 64, DESC_AT + 8 * n + 4);
        at += padded;
      }
      this.hashAll(DESC_AT, n, OUT_AT);
      this.heap.copy(out, from * 32, OUT_AT, OUT_AT + n * 32);
      from += n;
    }
  }

  /** Whether a long text made the memory grow past its first size (WebAssembly memory never shrinks). */
  get grown(): boolean {
    return this.heap.length > FIRST_PAGES * PAGE;
  }

  private grow(bytes: number): void {
    this.memory.grow(Math.ceil((bytes - this.heap.length) / PAGE));
    this.heap = Buffer.from(this.memory.buffer);
  }
}
