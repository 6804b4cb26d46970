import { I32, assemble, op, validate } from '../../shared/wasm/assemble';
import { onHeap, type WasmHeapBackend } from './wasm-heap';

// Float runs moved or added between tensors on the backend's heap, four floats a step: im2col
// copies and col2im adds one filter row's taps at a time (tens of floats), which scalar JavaScript
// did at ~2.5 ns a float (each one widened to a double and back).

const P = { dst: 0, src: 1, bytes: 2 };
const L = { i: 3, vecBytes: 4 };

const at = (base: number) => [...op.get(base), ...op.get(L.i), ...op.i32Add];

/** dst[i] (+)= src[i] over the first vecBytes in vectors, then the rest a float at a time. */
function body(add: boolean): number[][] {
  const step = (load: number[], store: number[], addOp: number[], width: number, limit: number) => [
    op.block,
    op.loop,
    op.get(L.i),
    op.get(limit),
    op.i32GeU,
    op.brIf(1),
    at(P.dst),
    ...(add ? [at(P.dst), load] : []),
    at(P.src),
    load,
    ...(add ? [addOp] : []),
    store,
    op.get(L.i),
    op.i32(width),
    op.i32Add,
    op.set(L.i),
    op.br(0),
    op.end,
    op.end,
  ];
  return [
    op.get(P.bytes),
    op.i32(-16),
    op.i32And,
    op.set(L.vecBytes),
    ...step(op.v128Load, op.v128Store, op.f32x4Add, 16, L.vecBytes),
    ...step(op.f32Load, op.f32Store, op.f32Add, 4, P.bytes),
  ];
}

const SEGMENTS_WASM = assemble([
  { name: 'copy', params: [I32, I32, I32], locals: [I32, I32], body: body(false) },
  { name: 'add', params: [I32, I32, I32], locals: [I32, I32], body: body(true) },
]);

export function wasmSegmentsSupported(): boolean {
  return validate(SEGMENTS_WASM);
}

const segmentsOn = onHeap(SEGMENTS_WASM);

/** copy(dst, src, bytes) and add(dst, src, bytes) on byte addresses of the backend's heap. */
export function heapSegments(backend: WasmHeapBackend): {
  copy(dst: number, src: number, bytes: number): void;
  add(dst: number, src: number, bytes: number): void;
} {
  const e = segmentsOn(backend);
  return { copy: e.copy as (d: number, s: number, b: number) => void, add: e.add as (d: number, s: number, b: number) => void };
}
