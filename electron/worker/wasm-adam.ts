import * as tf from '@tensorflow/tfjs';
import type { AdamUpdateAttrs } from './fused-adam';
import { F32, I32, V128, assemble, op, validate, type ValType } from '../../shared/wasm/assemble';
import { onHeap, type WasmHeapBackend } from './wasm-heap';

// FusedAdamOptimizer's kernel on the wasm backend: one SIMD pass over x, m, v and g in tfjs's own
// memory. m' and v' are tfjs's float32 operations in tfjs's order (bit for bit the same); the step
// folds both bias corrections into per-tensor constants, x' = x + s1·m' / (sqrt(v')·s2 + epsilon)
// with s1 = -lr / (1 - beta1^t) and s2 = 1 / sqrt(1 - beta2^t): one divide and one square root per
// element instead of three divides, which bound the pass (1e-7 relative to tfjs's x').

const P = { x: 0, m: 1, v: 2, g: 3, xOut: 4, mOut: 5, vOut: 6, vecEnd: 7, end: 8, beta1: 9, c1: 10, beta2: 11, c2: 12, s1: 13, s2: 14, epsilon: 15 };
const SCALARS = [P.beta1, P.c1, P.beta2, P.c2, P.s1, P.s2, P.epsilon];
const I = 16;
const VEC_TMP = { g: 17, m: 18, v: 19 };
const SPLAT0 = 20; // splat of SCALARS[k] in local SPLAT0 + k
const SCALAR_TMP = { g: SPLAT0 + SCALARS.length, m: SPLAT0 + SCALARS.length + 1, v: SPLAT0 + SCALARS.length + 2 };

/** The update loop from i up to `limit` bytes, four floats a step (SIMD) or one. */
function updateLoop(simd: boolean): number[][] {
  const load = simd ? op.v128Load : op.f32Load;
  const store = simd ? op.v128Store : op.f32Store;
  const [mul, add, div, sqrt] = simd ? [op.f32x4Mul, op.f32x4Add, op.f32x4Div, op.f32x4Sqrt] : [op.f32Mul, op.f32Add, op.f32Div, op.f32Sqrt];
  const k = (param: number) => op.get(simd ? SPLAT0 + SCALARS.indexOf(param) : param);
  const t = simd ? VEC_TMP : SCALAR_TMP;
  const at = (ptr: number) => [...op.get(ptr), ...op.get(I), ...op.i32Add];
  return [
    op.block,
    op.loop,
    op.get(I),
    op.get(simd ? P.vecEnd : P.end),
    op.i32GeU,
    op.brIf(1),
    at(P.g),
    load,
    op.set(t.g),
    // m' = m * beta1 + g * (1 - beta1)
    at(P.m),
    load,
    k(P.beta1),
    mul,
    op.get(t.g),
    k(P.c1),
    mul,
    add,
    op.set(t.m),
    // v' = v * beta2 + g² * (1 - beta2)
    at(P.v),
    load,
    k(P.beta2),
    mul,
    op.get(t.g),
    op.get(t.g),
    mul,
    k(P.c2),
    mul,
    add,
    op.set(t.v),
    at(P.mOut),
    op.get(t.m),
    store,
    at(P.vOut),
    op.get(t.v),
    store,
    // x' = x + s1·m' / (sqrt(v')·s2 + epsilon)
    at(P.xOut),
    at(P.x),
    load,
    op.get(t.m),
    k(P.s1),
    mul,
    op.get(t.v),
    sqrt,
    k(P.s2),
    mul,
    k(P.epsilon),
    add,
    div,
    add,
    store,
    op.get(I),
    op.i32(simd ? 16 : 4),
    op.i32Add,
    op.set(I),
    op.br(0),
    op.end,
    op.end,
  ];
}

const ADAM_WASM = assemble([
  {
    name: 'adam',
    params: [...Array<ValType>(9).fill(I32), ...Array<ValType>(SCALARS.length).fill(F32)],
    locals: [I32, V128, V128, V128, ...Array<ValType>(SCALARS.length).fill(V128), F32, F32, F32],
    body: [...SCALARS.flatMap((param, j) => [op.get(param), op.f32x4Splat, op.set(SPLAT0 + j)]), ...updateLoop(true), ...updateLoop(false)],
  },
]);

/** Whether this runtime has WebAssembly SIMD (the kernel is registered only then). */
export function wasmAdamSupported(): boolean {
  return validate(ADAM_WASM);
}

const adamOn = onHeap(ADAM_WASM);

/** ADAM_UPDATE on wasm: outputs [x, m, v] after one step. */
export function wasmAdamUpdate(args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo[] {
  const backend = args.backend as WasmHeapBackend;
  const { x, m, v, g, accBeta1, accBeta2 } = args.inputs as Record<'x' | 'm' | 'v' | 'g' | 'accBeta1' | 'accBeta2', tf.TensorInfo>;
  const attrs = args.attrs as unknown as AdamUpdateAttrs;
  const outs = [x, m, v].map((t) => backend.makeOutput(t.shape, 'float32'));
  const ptr = (t: tf.TensorInfo) => backend.typedArrayFromHeap(t).byteOffset;
  const n = tf.util.sizeFromShape(x.shape);
  // 1 - beta as tfjs computes it: float32 from a JS double.
  const f = Math.fround;
  const oneMinusAcc1 = f(1 - backend.typedArrayFromHeap(accBeta1)[0]);
  const oneMinusAcc2 = f(1 - backend.typedArrayFromHeap(accBeta2)[0]);
  (adamOn(backend).adam as (...args: number[]) => void)(
    ptr(x),
    ptr(m),
    ptr(v),
    ptr(g),
    ptr(outs[0]),
    ptr(outs[1]),
    ptr(outs[2]),
    (n >> 2) * 16,
    n * 4,
    attrs.beta1,
    f(1 - attrs.beta1),
    attrs.beta2,
    f(1 - attrs.beta2),
    -attrs.learningRate / oneMinusAcc1,
    1 / Math.sqrt(oneMinusAcc2),
    attrs.epsilon,
  );
  return outs;
}
