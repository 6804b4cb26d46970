// Just enough of the WebAssembly binary format to build small kernels at run time: the worker's
// SIMD kernels on tfjs-backend-wasm's own memory (tfjs exports no way to add compiled kernels) and
// the core's batched row hashing. Shipping toolchain-built .wasm files would need a C toolchain to
// change them. Modules import their memory as env.memory.

/** The part of the WebAssembly JS API used here (lib ES2022 declares none of it). */
declare const WebAssembly: {
  validate(bytes: Uint8Array): boolean;
};

/** Whether this runtime accepts the module (SIMD among it). */
export function validate(bytes: Uint8Array): boolean {
  return WebAssembly.validate(bytes);
}

export const I32 = 0x7f;
export const F32 = 0x7d;
export const V128 = 0x7b;
export type ValType = typeof I32 | typeof F32 | typeof V128;

/** Unsigned LEB128. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 (i32.const immediates). */
export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function name(s: string): number[] {
  const bytes = [...new TextEncoder().encode(s)];
  return [...uleb(bytes.length), ...bytes];
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

const simd = (op: number): number[] => [0xfd, ...uleb(op)];

/** Instructions, each as its bytes. Memory accesses claim 4-byte alignment; only i32 ones take an offset. */
export const op = {
  get: (i: number) => [0x20, ...uleb(i)],
  set: (i: number) => [0x21, ...uleb(i)],
  tee: (i: number) => [0x22, ...uleb(i)],
  i32: (n: number) => [0x41, ...sleb(n)],
  f32Zero: [0x43, 0, 0, 0, 0],
  i32Add: [0x6a],
  i32Sub: [0x6b],
  i32And: [0x71],
  i32Or: [0x72],
  i32Xor: [0x73],
  i32ShrU: [0x76],
  i32Rotl: [0x77],
  i32Rotr: [0x78],
  i32Mul: [0x6c],
  i32Eqz: [0x45],
  i32GeU: [0x4f],
  /** i32.load at the address on the stack plus a constant offset (little-endian, as all of WebAssembly). */
  i32Load: (offset: number) => [0x28, 2, ...uleb(offset)],
  i32Store: (offset: number) => [0x36, 2, ...uleb(offset)],
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  br: (depth: number) => [0x0c, ...uleb(depth)],
  brIf: (depth: number) => [0x0d, ...uleb(depth)],
  end: [0x0b],
  f32Load: [0x2a, 2, 0],
  f32Store: [0x38, 2, 0],
  f32Add: [0x92],
  f32Sub: [0x93],
  f32Mul: [0x94],
  f32Div: [0x95],
  f32Sqrt: [0x91],
  v128Load: [...simd(0x00), 2, 0],
  v128Store: [...simd(0x0b), 2, 0],
  f32x4Splat: simd(0x13),
  /** Lanes of two f32x4 (0-3 the first, 4-7 the second) picked into one. */
  f32x4Shuffle: (lanes: [number, number, number, number]) => [...simd(0x0d), ...lanes.flatMap((l) => [4 * l, 4 * l + 1, 4 * l + 2, 4 * l + 3])],
  f32x4Sqrt: simd(0xe3),
  f32x4Add: simd(0xe4),
  f32x4Sub: simd(0xe5),
  f32x4Mul: simd(0xe6),
  f32x4Div: simd(0xe7),
  /** x < y ? y : x, lane by lane: a NaN in y never wins. */
  f32x4Pmax: simd(0xeb),
  f32x4Eq: simd(0x41),
  f32x4Gt: simd(0x44),
  v128And: simd(0x4e),
  /** x & ~y */
  v128AndNot: simd(0x4f),
  v128Or: simd(0x50),
  /** f32.const -Infinity */
  f32NegInf: [0x43, 0x00, 0x00, 0x80, 0xff],
};

export interface WasmFunction {
  name: string;
  params: ValType[];
  /** Extra locals, numbered after the params. */
  locals: ValType[];
  body: number[][];
}

/** A module that imports env.memory and exports the given functions (no results). */
export function assemble(functions: WasmFunction[]): Uint8Array {
  const types = section(1, vec(functions.map((f) => [0x60, ...vec(f.params.map((p) => [p])), 0])));
  const imports = section(2, vec([[...name('env'), ...name('memory'), 0x02, 0x00, 0x00]]));
  const funcs = section(3, vec(functions.map((_, i) => uleb(i))));
  const exportSection = section(7, vec(functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)])));
  const code = section(
    10,
    vec(
      functions.map((f) => {
        const body = [...vec(f.locals.map((t) => [1, t])), ...f.body.flat(), ...op.end];
        return [...uleb(body.length), ...body];
      }),
    ),
  );
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...types, ...imports, ...funcs, ...exportSection, ...code]);
}
