import type * as tf from '@tensorflow/tfjs';

// Run-time kernels (shared/wasm/assemble.ts) bound to tfjs-backend-wasm's own memory. Under Node
// tfjs-backend-wasm is single-threaded, so that memory is a plain (unshared) one.

/** The part of the WebAssembly JS API used here (lib ES2022 declares none of it). */
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
};

/** A WebAssembly.Memory, only passed through. */
type WasmMemory = object;

/** The parts of tfjs-backend-wasm's BackendWasm a run-time kernel uses. */
export interface WasmHeapBackend {
  wasm: { asm: { memory: WasmMemory } };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
}

/** The module's exported functions on the backend's memory, instantiated once per memory. */
export function onHeap(bytes: Uint8Array): (backend: WasmHeapBackend) => Record<string, unknown> {
  let bound: { memory: WasmMemory; exports: Record<string, unknown> } | null = null;
  return (backend) => {
    const memory = backend.wasm.asm.memory;
    if (bound?.memory !== memory) bound = { memory, exports: new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports };
    return bound.exports;
  };
}
