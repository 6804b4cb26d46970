import { I32, V128, assemble, op, validate } from '../../shared/wasm/assemble';
import { onHeap, type WasmHeapBackend } from './wasm-heap';

// The gradient of a 2x2, stride-2 max pool whose windows lie inside the image, four channels at a
// time: each window's four values compared lane by lane into masks (the first maximum in window
// order wins, NaNs and -Infinity never do, as in the general kernel), and dy stored under each mask
// (zero elsewhere). Windows do not overlap, so every input they cover is written once. Branchy
// scalar code mispredicted most of these comparisons and took ~10% of a CNN step.

const P = { x: 0, g: 1, dx: 2, batch: 3, inH: 4, outH: 5, outW: 6, pixBytes: 7, rowBytes: 8 };
const L = { b: 9, oy: 10, ox: 11, c: 12, row: 13, p: 14, q: 15 };
const V = { a: 16, b: 17, c: 18, d: 19, m: 20, valid: 21, taken: 22, gv: 23, negInf: 24, mask: 25 };

const inc = (local: number, by: number[]) => [...op.get(local), ...by, ...op.i32Add, ...op.set(local)];
/** `local` from 0 while below `limit`, around `body`. */
const loop = (local: number, limit: number[], step: number[], body: number[][]) => [
  op.i32(0),
  op.set(local),
  op.block,
  op.loop,
  op.get(local),
  limit,
  op.i32GeU,
  op.brIf(1),
  ...body,
  inc(local, step),
  op.br(0),
  op.end,
  op.end,
];
/** base + offset + c, no offset when it is empty. */
const address = (base: number, offset: number[]) => [...op.get(base), ...(offset.length ? [...offset, ...op.i32Add] : []), ...op.get(L.c), ...op.i32Add];
/** The vector at base + offset + c. */
const load = (base: number, offset: number[]) => [...address(base, offset), ...op.v128Load];
/** Stores dy under `mask` at base + offset + c. */
const store = (base: number, offset: number[], mask: number) => [...address(base, offset), ...op.get(V.gv), ...op.get(mask), ...op.v128And, ...op.v128Store];
const NONE: number[] = [];
const RIGHT = op.get(P.pixBytes);
const BELOW = op.get(P.rowBytes);
const BELOW_RIGHT = [...op.get(P.rowBytes), ...op.get(P.pixBytes), ...op.i32Add];
/** mask = (v == m) & valid & ~taken; taken |= mask */
const firstMax = (v: number, mask: number) => [
  op.get(v),
  op.get(V.m),
  op.f32x4Eq,
  op.get(V.valid),
  op.v128And,
  op.get(V.taken),
  op.v128AndNot,
  op.tee(mask),
  op.get(V.taken),
  op.v128Or,
  op.set(V.taken),
];

const MAXPOOL_WASM = assemble([
  {
    name: 'maxPoolGrad2x2',
    params: [I32, I32, I32, I32, I32, I32, I32, I32, I32],
    locals: [I32, I32, I32, I32, I32, I32, I32, V128, V128, V128, V128, V128, V128, V128, V128, V128, V128],
    body: [
      op.f32NegInf,
      op.f32x4Splat,
      op.set(V.negInf),
      ...loop(L.b, op.get(P.batch), op.i32(1), [
        ...loop(L.oy, op.get(P.outH), op.i32(1), [
          // The first of the window's two input rows: image b, row 2·oy.
          op.get(L.b),
          op.get(P.inH),
          op.i32Mul,
          op.get(L.oy),
          op.i32(2),
          op.i32Mul,
          op.i32Add,
          op.get(P.rowBytes),
          op.i32Mul,
          op.set(L.row),
          ...loop(L.ox, op.get(P.outW), op.i32(1), [
            op.get(L.ox),
            op.get(P.pixBytes),
            op.i32Mul,
            op.i32(2),
            op.i32Mul,
            op.get(L.row),
            op.i32Add,
            op.tee(L.q),
            op.get(P.x),
            op.i32Add,
            op.set(L.p),
            op.get(L.q),
            op.get(P.dx),
            op.i32Add,
            op.set(L.q),
            ...loop(L.c, op.get(P.pixBytes), op.i32(16), [
              load(L.p, NONE),
              op.set(V.a),
              load(L.p, RIGHT),
              op.set(V.b),
              load(L.p, BELOW),
              op.set(V.c),
              load(L.p, BELOW_RIGHT),
              op.set(V.d),
              op.get(V.negInf),
              op.get(V.a),
              op.f32x4Pmax,
              op.get(V.b),
              op.f32x4Pmax,
              op.get(V.c),
              op.f32x4Pmax,
              op.get(V.d),
              op.f32x4Pmax,
              op.tee(V.m),
              op.get(V.negInf),
              op.f32x4Gt,
              op.set(V.valid),
              op.get(V.negInf),
              op.get(V.negInf),
              op.f32x4Gt,
              op.set(V.taken),
              op.get(P.g),
              op.v128Load,
              op.set(V.gv),
              inc(P.g, op.i32(16)),
              ...firstMax(V.a, V.mask),
              store(L.q, NONE, V.mask),
              ...firstMax(V.b, V.mask),
              store(L.q, RIGHT, V.mask),
              ...firstMax(V.c, V.mask),
              store(L.q, BELOW, V.mask),
              ...firstMax(V.d, V.mask),
              store(L.q, BELOW_RIGHT, V.mask),
            ]),
          ]),
        ]),
      ]),
    ],
  },
]);

export function wasmMaxPoolSupported(): boolean {
  return validate(MAXPOOL_WASM);
}

const maxPoolOn = onHeap(MAXPOOL_WASM);

/**
 * dx for a 2x2 stride-2 pool of x [batch, inH, inW, channels] with windows inside the image
 * (outH·2 ≤ inH, outW·2 ≤ inW) and channels a multiple of 4; inputs no window covers are left
 * as they were. All arrays are views of the backend's heap.
 */
export function maxPoolGrad2x2Simd(
  backend: WasmHeapBackend,
  x: Float32Array,
  g: Float32Array,
  dx: Float32Array,
  shape: { batch: number; inH: number; inW: number; channels: number; outH: number; outW: number },
): void {
  const pixBytes = shape.channels * 4;
  (maxPoolOn(backend).maxPoolGrad2x2 as (...args: number[]) => void)(
    x.byteOffset,
    g.byteOffset,
    dx.byteOffset,
    shape.batch,
    shape.inH,
    shape.outH,
    shape.outW,
    pixBytes,
    shape.inW * pixBytes,
  );
}
