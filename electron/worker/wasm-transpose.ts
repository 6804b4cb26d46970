import * as tf from '@tensorflow/tfjs';
import { I32, V128, assemble, op, validate } from '../../shared/wasm/assemble';
import { onHeap, type WasmHeapBackend } from './wasm-heap';

// A matrix transpose in 4x4 blocks (four row loads, eight lane shuffles, four column stores), for
// the transposes around the wasm matmuls; tfjs's Transpose moves one float at a time and took
// about twice as long as a streaming elementwise op of the same size.

const P = { src: 0, dst: 1, rows: 2, cols: 3 };
const L = { i: 4, j: 5, rows4: 6, cols4: 7, rowBytes: 8, colBytes: 9, p: 10, q: 11 };
const R = [12, 13, 14, 15];
const T = [16, 17, 18, 19];

const inc = (local: number, by: number[]) => [...op.get(local), ...by, ...op.i32Add, ...op.set(local)];
/** base + (outer·stride + inner)·4 */
const address = (base: number, outer: number, stride: number, inner: number) => [
  ...op.get(base),
  ...op.get(outer),
  ...op.get(stride),
  ...op.i32Mul,
  ...op.get(inner),
  ...op.i32Add,
  ...op.i32(4),
  ...op.i32Mul,
  ...op.i32Add,
];

/** For i in [iFrom, iTo), j in [jFrom, jTo): dst[j][i] = src[i][j], one float at a time. */
function scalarPart(iFrom: number[], iTo: number, jFrom: number[], jTo: number): number[][] {
  return [
    iFrom,
    op.set(L.i),
    op.block,
    op.loop,
    op.get(L.i),
    op.get(iTo),
    op.i32GeU,
    op.brIf(1),
    jFrom,
    op.set(L.j),
    op.block,
    op.loop,
    op.get(L.j),
    op.get(jTo),
    op.i32GeU,
    op.brIf(1),
    address(P.dst, L.j, P.rows, L.i),
    address(P.src, L.i, P.cols, L.j),
    op.f32Load,
    op.f32Store,
    inc(L.j, op.i32(1)),
    op.br(0),
    op.end,
    op.end,
    inc(L.i, op.i32(1)),
    op.br(0),
    op.end,
    op.end,
  ];
}

const TRANSPOSE_WASM = assemble([
  {
    name: 'transpose',
    params: [I32, I32, I32, I32],
    locals: [I32, I32, I32, I32, I32, I32, I32, I32, V128, V128, V128, V128, V128, V128, V128, V128],
    body: [
      op.get(P.rows),
      op.i32(-4),
      op.i32And,
      op.set(L.rows4),
      op.get(P.cols),
      op.i32(-4),
      op.i32And,
      op.set(L.cols4),
      op.get(P.rows),
      op.i32(4),
      op.i32Mul,
      op.set(L.rowBytes),
      op.get(P.cols),
      op.i32(4),
      op.i32Mul,
      op.set(L.colBytes),
      op.i32(0),
      op.set(L.i),
      op.block,
      op.loop,
      op.get(L.i),
      op.get(L.rows4),
      op.i32GeU,
      op.brIf(1),
      op.i32(0),
      op.set(L.j),
      op.block,
      op.loop,
      op.get(L.j),
      op.get(L.cols4),
      op.i32GeU,
      op.brIf(1),
      address(P.src, L.i, P.cols, L.j),
      op.set(L.p),
      ...R.flatMap((r) => [op.get(L.p), op.v128Load, op.set(r), inc(L.p, op.get(L.colBytes))]),
      op.get(R[0]),
      op.get(R[1]),
      op.f32x4Shuffle([0, 4, 1, 5]),
      op.set(T[0]),
      op.get(R[0]),
      op.get(R[1]),
      op.f32x4Shuffle([2, 6, 3, 7]),
      op.set(T[1]),
      op.get(R[2]),
      op.get(R[3]),
      op.f32x4Shuffle([0, 4, 1, 5]),
      op.set(T[2]),
      op.get(R[2]),
      op.get(R[3]),
      op.f32x4Shuffle([2, 6, 3, 7]),
      op.set(T[3]),
      address(P.dst, L.j, P.rows, L.i),
      op.set(L.q),
      ...(
        [
          [T[0], T[2], [0, 1, 4, 5]],
          [T[0], T[2], [2, 3, 6, 7]],
          [T[1], T[3], [0, 1, 4, 5]],
          [T[1], T[3], [2, 3, 6, 7]],
        ] as const
      ).flatMap(([x, y, lanes]) => [op.get(L.q), op.get(x), op.get(y), op.f32x4Shuffle([...lanes]), op.v128Store, inc(L.q, op.get(L.rowBytes))]),
      inc(L.j, op.i32(4)),
      op.br(0),
      op.end,
      op.end,
      inc(L.i, op.i32(4)),
      op.br(0),
      op.end,
      op.end,
      ...scalarPart(op.i32(0), P.rows, op.get(L.cols4), P.cols),
      ...scalarPart(op.get(L.rows4), P.rows, op.i32(0), L.cols4),
    ],
  },
]);

export function wasmTransposeSupported(): boolean {
  return validate(TRANSPOSE_WASM);
}

const transposeOn = onHeap(TRANSPOSE_WASM);

/** The last two axes of a float32 tensor swapped, when the leading ones hold one matrix; else null. */
export function transposeMatrix(backend: WasmHeapBackend, t: tf.TensorInfo): tf.TensorInfo | null {
  const rank = t.shape.length;
  if (t.dtype !== 'float32' || rank < 2 || tf.util.sizeFromShape(t.shape.slice(0, -2)) !== 1) return null;
  const [rows, cols] = t.shape.slice(-2);
  const out = backend.makeOutput([...t.shape.slice(0, -2), cols, rows], 'float32');
  (transposeOn(backend).transpose as (src: number, dst: number, rows: number, cols: number) => void)(
    backend.typedArrayFromHeap(t).byteOffset,
    backend.typedArrayFromHeap(out).byteOffset,
    rows,
    cols,
  );
  return out;
}
