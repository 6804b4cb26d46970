import * as tf from '@tensorflow/tfjs';
import { I32, assemble, op, validate } from '../../shared/wasm/assemble';
import { onHeap, type WasmHeapBackend } from './wasm-heap';

// Sum over the leading axes (a Dense or Conv2D bias gradient: dy summed over the batch) as one
// pass down the rows, four columns at a time. The stock wasm Sum transposes the input first so the
// reduced axes come last; per column both add the rows in the same order, so the sums are equal.

const P = { x: 0, out: 1, rows: 2, rowBytes: 3, vecBytes: 4 };
const R = 5;
const C = 6;
const ROW = 7;

const at = (ptr: number) => [...op.get(ptr), ...op.get(C), ...op.i32Add];

/** out[c] += row[c] for c from C up to `limit` bytes, four floats a step (SIMD) or one. */
function addRow(simd: boolean): number[][] {
  const [load, store, add, step] = simd ? [op.v128Load, op.v128Store, op.f32x4Add, 16] : [op.f32Load, op.f32Store, op.f32Add, 4];
  return [
    op.block,
    op.loop,
    op.get(C),
    op.get(simd ? P.vecBytes : P.rowBytes),
    op.i32GeU,
    op.brIf(1),
    at(P.out),
    at(P.out),
    load,
    at(ROW),
    load,
    add,
    store,
    op.get(C),
    op.i32(step),
    op.i32Add,
    op.set(C),
    op.br(0),
    op.end,
    op.end,
  ];
}

const SUM_WASM = assemble([
  {
    name: 'sumRows',
    params: [I32, I32, I32, I32, I32],
    locals: [I32, I32, I32],
    body: [
      // out = 0 (as the stock sum starts from 0: -0 sums to +0)
      op.block,
      op.loop,
      op.get(C),
      op.get(P.rowBytes),
      op.i32GeU,
      op.brIf(1),
      at(P.out),
      op.f32Zero,
      op.f32Store,
      op.get(C),
      op.i32(4),
      op.i32Add,
      op.set(C),
      op.br(0),
      op.end,
      op.end,
      op.get(P.x),
      op.set(ROW),
      op.block,
      op.loop,
      op.get(R),
      op.get(P.rows),
      op.i32GeU,
      op.brIf(1),
      op.i32(0),
      op.set(C),
      ...addRow(true),
      ...addRow(false),
      op.get(ROW),
      op.get(P.rowBytes),
      op.i32Add,
      op.set(ROW),
      op.get(R),
      op.i32(1),
      op.i32Add,
      op.set(R),
      op.br(0),
      op.end,
      op.end,
    ],
  },
]);

/** Whether this runtime has WebAssembly SIMD (the kernel is registered only then). */
export function wasmSumSupported(): boolean {
  return validate(SUM_WASM);
}

type SumRows = (x: number, out: number, rows: number, rowBytes: number, vecBytes: number) => void;
const sumOn = onHeap(SUM_WASM);

/** Sum on wasm: leading-axes float32 sums here, anything else to the stock kernel. */
export function leadingAxesSum(stock: tf.KernelConfig): tf.KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    const { axis, keepDims } = args.attrs as unknown as tf.SumAttrs;
    const axes = tf.util.parseAxisParam(axis, x.shape).sort((a, b) => a - b);
    const leading = axes.every((a, i) => a === i) && axes.length > 0 && axes.length < x.shape.length;
    if (x.dtype !== 'float32' || !leading) return stock.kernelFunc(args);
    const backend = args.backend as WasmHeapBackend;
    const kept = x.shape.slice(axes.length);
    const out = backend.makeOutput(keepDims ? [...axes.map(() => 1), ...kept] : kept, 'float32');
    const cols = tf.util.sizeFromShape(kept);
    const rows = tf.util.sizeFromShape(x.shape) / cols;
    (sumOn(backend).sumRows as SumRows)(backend.typedArrayFromHeap(x).byteOffset, backend.typedArrayFromHeap(out).byteOffset, rows, cols * 4, (cols >> 2) * 16);
    return out;
  };
}
