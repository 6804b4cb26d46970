import * as tf from '@tensorflow/tfjs';
import { ADAM_UPDATE } from './fused-adam';
import { wasmAdamSupported, wasmAdamUpdate } from './wasm-adam';
import type { WasmHeapBackend } from './wasm-heap';
import { leadingAxesSum, wasmSumSupported } from './wasm-sum';
import { maxPoolGrad2x2Simd, wasmMaxPoolSupported } from './wasm-maxpool';
import { heapSegments, wasmSegmentsSupported } from './wasm-segments';
import { transposeMatrix, wasmTransposeSupported } from './wasm-transpose';

// tfjs-backend-wasm 4.22 ships no Conv2DBackpropFilter, so Conv2D layers cannot train on it.
// Falling back to the cpu kernel per batch was measured ~45x slower than im2col + the wasm
// BatchMatMul kernel below (see ENGINE-NOTES).

/** The parts of tfjs-backend-wasm's BackendWasm this file relies on. */
interface WasmBackendLike {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
  disposeData(dataId: tf.TensorInfo['dataId']): boolean;
  incRef(dataId: tf.TensorInfo['dataId']): void;
}

/** Kernels a Dense/Conv2D/MaxPool/Dropout model needs to train with any of the config's optimizers. */
export const TRAINING_KERNELS = [
  'Conv2D',
  'Conv2DBackpropFilter',
  'Conv2DBackpropInput',
  'MaxPool',
  'MaxPoolGrad',
  'BatchMatMul',
  '_FusedMatMul',
  'FusedConv2D',
  'Relu',
  'Elu',
  'EluGrad',
  'Selu',
  'Sigmoid',
  'Tanh',
  'Step',
  'Softmax',
  'Reshape',
  'Transpose',
  'Sum',
  'Max',
  'Mean',
  'Exp',
  'Log',
  'Sqrt',
  'Square',
  'Multiply',
  'Add',
  'AddN',
  'Sub',
  'RealDiv',
  'Neg',
  'Maximum',
  'Minimum',
  'ClipByValue',
  'Greater',
  'GreaterEqual',
  'Less',
  'Select',
  'Cast',
  'Fill',
  'ZerosLike',
  'OnesLike',
  'ArgMax',
  'Equal',
  'Pow',
  'Abs',
  'Sign',
  'Rsqrt',
  'Reciprocal',
  'GatherV2',
  'Slice',
  'Tile',
  'Identity',
] as const;

// The run-time SIMD kernels, where this runtime validates them.
const simdMaxPool = wasmMaxPoolSupported();
const simdSegments = wasmSegmentsSupported();

/** Cap on the im2col buffer (floats, 32 MiB by default); larger batches go in chunks and are summed. */
let im2colMaxFloats = 1 << 23;

/** Changes the im2col cap; returns the previous one (tests use it to exercise chunking). */
export function setIm2colMaxFloats(n: number): number {
  const prev = im2colMaxFloats;
  im2colMaxFloats = Math.max(1, Math.floor(n));
  return prev;
}

/** The convolution both backprop kernels undo, and how many images one im2col buffer holds. */
function convGemm(
  xShape: number[],
  filterShape: number[],
  attrs: { strides: number | [number, number]; pad: tf.Conv2DBackpropInputAttrs['pad']; dimRoundingMode?: 'floor' | 'round' | 'ceil' },
) {
  const info = tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    'channelsLast',
  );
  const k = info.filterHeight * info.filterWidth * info.inChannels;
  const rowsPerImage = info.outHeight * info.outWidth;
  const chunk = Math.max(1, Math.min(info.batchSize, Math.floor(im2colMaxFloats / Math.max(1, rowsPerImage * k))));
  return { info, k, rowsPerImage, chunk };
}

function conv2DBackpropFilter(args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const backend = args.backend as WasmBackendLike;
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const attrs = args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  if (attrs.dataFormat === 'NCHW') throw new Error('Conv2DBackpropFilter (wasm): NCHW is not supported');
  const { info, k, rowsPerImage, chunk } = convGemm(x.shape, attrs.filterShape, attrs);
  const { batchSize, outChannels } = info;
  const matMul = tf.getKernel('BatchMatMul', 'wasm')!.kernelFunc;

  let result: tf.TensorInfo | null = null;
  let sum: Float32Array | null = null;
  for (let b0 = 0; b0 < batchSize; b0 += chunk) {
    const nb = Math.min(chunk, batchSize - b0);
    const rows = nb * rowsPerImage;
    // One input channel: each tap's column is a shifted copy of the images, built in place as
    // [k, rows] (no transpose); more channels: rows of patches, each filter row's taps one copy.
    const tapMajor = info.inChannels === 1 && info.strideWidth === 1;
    const cols = backend.makeOutput(tapMajor ? [1, k, rows] : [1, rows, k], 'float32');
    const whole = nb === batchSize;
    // The whole batch can use dy in place; a chunk needs its own contiguous copy.
    const dyPart: tf.TensorInfo = whole
      ? { dataId: dy.dataId, shape: [1, rows, outChannels], dtype: 'float32' }
      : backend.makeOutput([1, rows, outChannels], 'float32');
    // Views only after every allocation: malloc may grow the heap and detach older views.
    const xv = backend.typedArrayFromHeap(x);
    const cv = backend.typedArrayFromHeap(cols);
    if (!whole) {
      const dyv = backend.typedArrayFromHeap(dy);
      backend.typedArrayFromHeap(dyPart).set(dyv.subarray(b0 * rowsPerImage * outChannels, (b0 + nb) * rowsPerImage * outChannels));
    }
    const segments = simdSegments ? heapSegments(backend as unknown as WasmHeapBackend) : null;
    if (tapMajor) im2colTapMajor(xv, cv, info, b0, nb, segments);
    else im2col(xv, cv, info, b0, nb, segments);
    // colsᵀ·dy: a transposed operand goes through fastTransposedMatMul's SIMD transpose, then XNNPACK.
    const part = matMul({
      inputs: { a: cols, b: dyPart },
      backend: backend as never,
      attrs: { transposeA: !tapMajor, transposeB: false },
    }) as tf.TensorInfo;
    backend.disposeData(cols.dataId);
    if (!whole) backend.disposeData(dyPart.dataId);
    if (whole) {
      result = part;
    } else {
      const pv = backend.typedArrayFromHeap(part);
      if (!sum) sum = new Float32Array(pv.length);
      for (let i = 0; i < pv.length; i++) sum[i] += pv[i];
      backend.disposeData(part.dataId);
    }
  }
  if (result) {
    result.shape = [...attrs.filterShape];
    return result;
  }
  const out = backend.makeOutput([...attrs.filterShape], 'float32');
  backend.typedArrayFromHeap(out).set(sum!);
  return out;
}

/**
 * The input gradient of a convolution as one GEMM and a scatter (col2im): columns[rows, k] =
 * dy[rows, outC] · filter[k, outC]ᵀ, then each column entry is added back at the input pixel it
 * came from. The stock wasm kernel loops over every output and filter tap in scalar code.
 */
function conv2DBackpropInput(args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const backend = args.backend as WasmBackendLike;
  const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const attrs = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
  if (attrs.dataFormat === 'NCHW') throw new Error('Conv2DBackpropInput (wasm): NCHW is not supported');
  const inputShape = [...attrs.inputShape] as [number, number, number, number];
  const { info, k, rowsPerImage, chunk } = convGemm(inputShape, filter.shape, attrs);
  const { batchSize, outChannels } = info;
  const matMul = tf.getKernel('BatchMatMul', 'wasm')!.kernelFunc;
  // filter is [fh, fw, inC, outC]: read as [k, outC], k in the same (fy, fx, c) order as below.
  const filterKxC: tf.TensorInfo = { dataId: filter.dataId, shape: [1, k, outChannels], dtype: 'float32' };

  const out = backend.makeOutput(inputShape, 'float32');
  backend.typedArrayFromHeap(out).fill(0);
  for (let b0 = 0; b0 < batchSize; b0 += chunk) {
    const nb = Math.min(chunk, batchSize - b0);
    const rows = nb * rowsPerImage;
    const whole = nb === batchSize;
    const dyPart: tf.TensorInfo = whole
      ? { dataId: dy.dataId, shape: [1, rows, outChannels], dtype: 'float32' }
      : backend.makeOutput([1, rows, outChannels], 'float32');
    if (!whole) {
      const dyv = backend.typedArrayFromHeap(dy);
      backend.typedArrayFromHeap(dyPart).set(dyv.subarray(b0 * rowsPerImage * outChannels, (b0 + nb) * rowsPerImage * outChannels));
    }
    const cols = matMul({ inputs: { a: dyPart, b: filterKxC }, backend: backend as never, attrs: { transposeA: false, transposeB: true } }) as tf.TensorInfo;
    if (!whole) backend.disposeData(dyPart.dataId);
    // Views only after every allocation: malloc may grow the heap and detach older views.
    const ov = backend.typedArrayFromHeap(out);
    const cv = backend.typedArrayFromHeap(cols);
    col2imAdd(cv, ov, info, b0, nb, simdSegments ? heapSegments(backend as unknown as WasmHeapBackend) : null);
    backend.disposeData(cols.dataId);
  }
  return out;
}

/** A filter row's taps at least this long go to the SIMD segment kernels; shorter ones a float at a time in JavaScript. */
const SEGMENT_FLOATS = 8;

type Segments = ReturnType<typeof heapSegments>;

/**
 * The patches of images b0..b0+nb as rows [image·outH·outW, fh·fw·inC], each in (fy, fx, c)
 * order, zeros where a tap falls outside the image. A filter row's taps are adjacent in the image,
 * so where all of them are inside they go as one copy.
 */
function im2col(xv: Float32Array, cv: Float32Array, info: tf.backend_util.Conv2DInfo, b0: number, nb: number, segments: Segments | null): void {
  const { inWidth, inChannels, filterWidth } = info;
  const tapFloats = filterWidth * inChannels;
  patchRows(info, b0, nb, (dst, src, ix0, inside, inImage) => {
    if (!inImage) {
      for (let j = 0; j < tapFloats; j++) cv[dst + j] = 0;
      return;
    }
    if (inside && segments && tapFloats >= SEGMENT_FLOATS) return segments.copy(cv.byteOffset + dst * 4, xv.byteOffset + src * 4, tapFloats * 4);
    for (let fx = 0; fx < filterWidth; fx++) {
      const ix = ix0 + fx;
      const d = dst + fx * inChannels;
      const from = src + fx * inChannels;
      if (ix < 0 || ix >= inWidth) for (let c = 0; c < inChannels; c++) cv[d + c] = 0;
      else for (let c = 0; c < inChannels; c++) cv[d + c] = xv[from + c];
    }
  });
}

/**
 * im2col transposed, [fh·fw, image·outH·outW], for one input channel and horizontal stride 1: a
 * tap's values along a row of outputs are a run of one image row, copied whole between its zeros.
 */
function im2colTapMajor(xv: Float32Array, cv: Float32Array, info: tf.backend_util.Conv2DInfo, b0: number, nb: number, segments: Segments | null): void {
  const { inHeight, inWidth, outHeight, outWidth, filterHeight, filterWidth, strideHeight } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const rows = nb * outHeight * outWidth;
  for (let fy = 0; fy < filterHeight; fy++) {
    for (let fx = 0; fx < filterWidth; fx++) {
      // Outputs ox in [lo, hi) read image column ox - left + fx inside the image.
      const lo = Math.min(outWidth, Math.max(0, left - fx));
      const hi = Math.max(lo, Math.min(outWidth, inWidth + left - fx));
      let dst = (fy * filterWidth + fx) * rows;
      for (let n = b0; n < b0 + nb; n++) {
        for (let oy = 0; oy < outHeight; oy++, dst += outWidth) {
          const iy = oy * strideHeight - top + fy;
          if (iy < 0 || iy >= inHeight) {
            for (let j = 0; j < outWidth; j++) cv[dst + j] = 0;
            continue;
          }
          for (let j = 0; j < lo; j++) cv[dst + j] = 0;
          for (let j = hi; j < outWidth; j++) cv[dst + j] = 0;
          const src = (n * inHeight + iy) * inWidth + lo - left + fx;
          if (segments && hi - lo >= SEGMENT_FLOATS) segments.copy(cv.byteOffset + (dst + lo) * 4, xv.byteOffset + src * 4, (hi - lo) * 4);
          else for (let j = lo; j < hi; j++) cv[dst + j] = xv[src + j - lo];
        }
      }
    }
  }
}

/** The inverse scatter: each patch row of cv (im2col's layout) added back onto the image pixels it came from. */
function col2imAdd(cv: Float32Array, ov: Float32Array, info: tf.backend_util.Conv2DInfo, b0: number, nb: number, segments: Segments | null): void {
  const { inWidth, inChannels, filterWidth } = info;
  const tapFloats = filterWidth * inChannels;
  patchRows(info, b0, nb, (src, dst, ix0, inside, inImage) => {
    if (!inImage) return;
    if (inside && segments && tapFloats >= SEGMENT_FLOATS) return segments.add(ov.byteOffset + dst * 4, cv.byteOffset + src * 4, tapFloats * 4);
    if (inside) {
      for (let j = 0; j < tapFloats; j++) ov[dst + j] += cv[src + j];
      return;
    }
    for (let fx = 0; fx < filterWidth; fx++) {
      const ix = ix0 + fx;
      if (ix < 0 || ix >= inWidth) continue;
      const d = dst + fx * inChannels;
      const from = src + fx * inChannels;
      for (let c = 0; c < inChannels; c++) ov[d + c] += cv[from + c];
    }
  });
}

/**
 * The patch rows of images b0..b0+nb in im2col's layout ([image·outH·outW, fh·fw·inC], taps in
 * (fy, fx, c) order), one filter row at a time: `visit(col, image, ix0, inside, inImage)` gets
 * where that filter row's taps sit among the columns and in the images (tap fx at image + fx·inC,
 * in the image when column ix0 + fx is), whether all its taps are inside horizontally, and
 * whether its image row exists at all (padding above or below).
 */
function patchRows(
  info: tf.backend_util.Conv2DInfo,
  b0: number,
  nb: number,
  visit: (col: number, image: number, ix0: number, inside: boolean, inImage: boolean) => void,
): void {
  const { inHeight, inWidth, inChannels, outHeight, outWidth, filterHeight, filterWidth, strideHeight, strideWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const tapFloats = filterWidth * inChannels;
  let col = 0;
  for (let n = b0; n < b0 + nb; n++) {
    const imageBase = n * inHeight * inWidth * inChannels;
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++) {
        const ix0 = ox * strideWidth - left;
        const inside = ix0 >= 0 && ix0 + filterWidth <= inWidth;
        for (let fy = 0; fy < filterHeight; fy++, col += tapFloats) {
          const iy = oy * strideHeight - top + fy;
          visit(col, imageBase + (iy * inWidth + ix0) * inChannels, ix0, inside, iy >= 0 && iy < inHeight);
        }
      }
    }
  }
}

/**
 * tfjs-backend-wasm sends a BatchMatMul to XNNPACK only when neither operand is transposed, and
 * runs a scalar loop otherwise; both backward matmuls of every Dense layer are transposed. Copying
 * the transposed operand first (the wasm Transpose kernel, O(n·k)) and multiplying on the fast
 * path (O(n·k·m)) is far quicker. The stock kernel is kept and called for the product itself.
 *
 * XNNPACK also packs its right operand (about 2.5x a transpose's cost per float) whenever a new
 * tensor is there; it caches the packing per tensor, which helps inference but not training, where
 * every step brings new weights. When the right operand is much larger than the left one, a·b
 * goes as (bᵀ·aᵀ)ᵀ, packing the small one: the forward pass of a wide first layer (x·W with W
 * 784x256) and the input gradient dy·Wᵀ of every hidden layer. The transposes themselves go in
 * 4x4 SIMD blocks (wasm-transpose.ts), 3x to 7x quicker than the stock kernel.
 */
function fastTransposedMatMul(stock: tf.KernelConfig): tf.KernelFunc {
  const transpose = tf.getKernel('Transpose', 'wasm')!.kernelFunc;
  const simdTranspose = wasmTransposeSupported();
  // Right operands multiplied untransposed before: XNNPACK has them packed already.
  const packed = new WeakSet<object>();
  return (args) => {
    const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const attrs = args.attrs as unknown as { transposeA: boolean; transposeB: boolean };
    const backend = args.backend as WasmBackendLike;
    const swapLast = (t: tf.TensorInfo): tf.TensorInfo => {
      const fast = simdTranspose ? transposeMatrix(args.backend as WasmHeapBackend, t) : null;
      if (fast) return fast;
      const perm = t.shape.map((_, i) => i);
      [perm[perm.length - 2], perm[perm.length - 1]] = [perm[perm.length - 1], perm[perm.length - 2]];
      return transpose({ inputs: { x: t }, backend: args.backend, attrs: { perm } }) as tf.TensorInfo;
    };
    const product = (x: tf.TensorInfo, y: tf.TensorInfo) =>
      stock.kernelFunc({ inputs: { a: x, b: y }, backend: args.backend, attrs: { ...args.attrs, transposeA: false, transposeB: false } }) as tf.TensorInfo;
    /** a·B as (Bᵀ·aᵀ)ᵀ, given y = a and x = B, or x = Bᵀ when xIsTransposed. */
    const swapped = (x: tf.TensorInfo, xIsTransposed: boolean, y: tf.TensorInfo) => {
      const bt = xIsTransposed ? x : swapLast(x);
      const at = swapLast(y);
      const prod = product(bt, at);
      if (bt !== x) backend.disposeData(bt.dataId);
      backend.disposeData(at.dataId);
      const out = swapLast(prod);
      backend.disposeData(prod.dataId);
      return out;
    };
    if (!attrs.transposeA && a.shape.length === 2 && b.shape.length === 2) {
      const [m, k] = a.shape;
      // Costs in transposed floats: packing 2.5, a transpose 1.
      if (!attrs.transposeB && !packed.has(b.dataId)) {
        packed.add(b.dataId);
        const n = b.shape[1];
        if (k * n * 2.5 > k * n + m * k * 3.5 + m * n) return swapped(b, false, a);
      }
      if (attrs.transposeB) {
        const n = b.shape[0];
        if (n * k * 3.5 > m * k * 3.5 + m * n) return swapped(b, true, a);
      }
    }
    if (!attrs.transposeA && !attrs.transposeB) return stock.kernelFunc(args);
    const ta = attrs.transposeA ? swapLast(a) : a;
    const tb = attrs.transposeB ? swapLast(b) : b;
    try {
      return product(ta, tb);
    } finally {
      if (ta !== a) backend.disposeData(ta.dataId);
      if (tb !== b) backend.disposeData(tb.dataId);
    }
  };
}

/**
 * The stock wasm MaxPoolGrad (C++) was measured ~12x slower than the forward pool it undoes and
 * ~12% of a CNN step. Finding each window's maximum again and adding dy there is one pass over the
 * windows: channels innermost, so every read is contiguous. Ties go to the first maximum in window
 * order, as the cpu kernel's positions do (ReLU zeros tie often).
 */
function maxPoolGrad(args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const backend = args.backend as WasmBackendLike;
  const { dy, input } = args.inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
  const attrs = args.attrs as unknown as tf.MaxPoolGradAttrs;
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth, strideHeight, strideWidth } = info;
  const { dilationHeight, dilationWidth, effectiveFilterHeight, effectiveFilterWidth } = info;
  const out = backend.makeOutput(input.shape, 'float32');
  // Views after makeOutput: allocating may grow the wasm heap, which detaches older views.
  const x = backend.typedArrayFromHeap(input);
  const g = backend.typedArrayFromHeap(dy);
  const dx = backend.typedArrayFromHeap(out);
  const covered = outHeight * 2 === inHeight && outWidth * 2 === inWidth;
  if (
    info.filterHeight === 2 &&
    info.filterWidth === 2 &&
    strideHeight === 2 &&
    strideWidth === 2 &&
    dilationHeight === 1 &&
    dilationWidth === 1 &&
    info.padInfo.top === 0 &&
    info.padInfo.left === 0 &&
    outHeight * 2 <= inHeight &&
    outWidth * 2 <= inWidth
  ) {
    // Windows that cover every input write all of dx; otherwise the rows and columns they leave start at zero.
    if (channels % 4 === 0 && simdMaxPool) {
      if (!covered) dx.fill(0);
      maxPoolGrad2x2Simd(backend as unknown as WasmHeapBackend, x, g, dx, {
        batch: batchSize,
        inH: inHeight,
        inW: inWidth,
        channels,
        outH: outHeight,
        outW: outWidth,
      });
      return out;
    }
    dx.fill(0);
    maxPoolGrad2x2(x, g, dx, batchSize, inHeight, inWidth, channels, outHeight, outWidth);
    return out;
  }
  dx.fill(0);
  const best = new Float32Array(channels);
  const at = new Int32Array(channels);
  for (let b = 0; b < batchSize; b++) {
    for (let oy = 0; oy < outHeight; oy++) {
      const y0 = oy * strideHeight - info.padInfo.top;
      for (let ox = 0; ox < outWidth; ox++) {
        const x0 = ox * strideWidth - info.padInfo.left;
        best.fill(-Infinity);
        at.fill(-1);
        for (let wy = 0; wy < effectiveFilterHeight; wy += dilationHeight) {
          const iy = y0 + wy;
          if (iy < 0 || iy >= inHeight) continue;
          for (let wx = 0; wx < effectiveFilterWidth; wx += dilationWidth) {
            const ix = x0 + wx;
            if (ix < 0 || ix >= inWidth) continue;
            const base = ((b * inHeight + iy) * inWidth + ix) * channels;
            for (let c = 0; c < channels; c++) {
              const v = x[base + c];
              if (v > best[c]) {
                best[c] = v;
                at[c] = base + c;
              }
            }
          }
        }
        const gBase = ((b * outHeight + oy) * outWidth + ox) * channels;
        for (let c = 0; c < channels; c++) if (at[c] >= 0) dx[at[c]] += g[gBase + c];
      }
    }
  }
  return out;
}

/**
 * The usual pooling (2x2 windows, stride 2, each inside the image): windows do not overlap, so
 * each channel's four values are compared in registers, with the general kernel's ties and NaNs.
 */
function maxPoolGrad2x2(
  x: Float32Array,
  g: Float32Array,
  dx: Float32Array,
  batchSize: number,
  inHeight: number,
  inWidth: number,
  channels: number,
  outHeight: number,
  outWidth: number,
): void {
  const down = inWidth * channels;
  let gi = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++) {
        const p00 = ((b * inHeight + 2 * oy) * inWidth + 2 * ox) * channels;
        const p01 = p00 + channels;
        const p10 = p00 + down;
        const p11 = p10 + channels;
        for (let c = 0; c < channels; c++, gi++) {
          let best = -Infinity;
          let at = -1;
          if (x[p00 + c] > best) {
            best = x[p00 + c];
            at = p00 + c;
          }
          if (x[p01 + c] > best) {
            best = x[p01 + c];
            at = p01 + c;
          }
          if (x[p10 + c] > best) {
            best = x[p10 + c];
            at = p10 + c;
          }
          if (x[p11 + c] > best) at = p11 + c;
          if (at >= 0) dx[at] += g[gi];
        }
      }
    }
  }
}

/**
 * The stock wasm Identity copies its input, and so does Cast to the dtype the input already has.
 * The engine clones every tensor a gradient saves (~30 per MLP step, the first layer's whole weight
 * matrix among them) and ReLU's gradient casts its 0/1 mask to float32; nothing writes into a
 * tensor after it is made, so sharing the buffer as the cpu backend and wasm's Reshape do is safe.
 * The stock Cast to bool also stores each number's low byte (-2 became 254, 256 became false);
 * here it is 1 for any non-zero number, as on the cpu backend.
 */
function sharedCopy(stock: tf.KernelConfig, kind: 'Identity' | 'Cast'): tf.KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    const backend = args.backend as WasmBackendLike;
    const dtype = kind === 'Identity' ? x.dtype : (args.attrs as unknown as tf.CastAttrs).dtype;
    if (x.dtype === 'string') return stock.kernelFunc(args);
    if (dtype === x.dtype) {
      backend.incRef(x.dataId);
      return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
    }
    if (dtype !== 'bool' || x.dtype === 'complex64') return stock.kernelFunc(args);
    const out = backend.makeOutput(x.shape, 'bool');
    // Views after makeOutput: allocating may grow the wasm heap, which detaches older views.
    const from = backend.typedArrayFromHeap(x);
    const to = backend.typedArrayFromHeap(out);
    for (let i = 0; i < from.length; i++) to[i] = from[i] !== 0 ? 1 : 0;
    return out;
  };
}

/** Marks our kernels so registering twice doesn't wrap a wrapper. */
const CAIRN_KERNEL = Symbol.for('cairn.wasmKernel');

/** Registers the training kernels wasm lacks or runs slowly; returns the names it added. Safe to call twice. */
export function registerWasmTrainingKernels(): string[] {
  const added: string[] = [];
  const matMul = tf.getKernel('BatchMatMul', 'wasm');
  if (matMul && !(CAIRN_KERNEL in matMul)) {
    tf.unregisterKernel('BatchMatMul', 'wasm');
    // The stock setupFunc binds the C++ function the stock kernelFunc calls; it must still run.
    tf.registerKernel(
      Object.assign(
        { kernelName: 'BatchMatMul', backendName: 'wasm', setupFunc: matMul.setupFunc, kernelFunc: fastTransposedMatMul(matMul) },
        { [CAIRN_KERNEL]: true },
      ),
    );
    added.push('BatchMatMul');
  }
  const backpropInput = tf.getKernel('Conv2DBackpropInput', 'wasm');
  if (backpropInput && !(CAIRN_KERNEL in backpropInput)) {
    tf.unregisterKernel('Conv2DBackpropInput', 'wasm');
    tf.registerKernel(
      Object.assign({ kernelName: 'Conv2DBackpropInput', backendName: 'wasm', kernelFunc: conv2DBackpropInput as tf.KernelFunc }, { [CAIRN_KERNEL]: true }),
    );
    added.push('Conv2DBackpropInput');
  }
  const poolGrad = tf.getKernel('MaxPoolGrad', 'wasm');
  if (poolGrad && !(CAIRN_KERNEL in poolGrad)) {
    tf.unregisterKernel('MaxPoolGrad', 'wasm');
    tf.registerKernel(Object.assign({ kernelName: 'MaxPoolGrad', backendName: 'wasm', kernelFunc: maxPoolGrad as tf.KernelFunc }, { [CAIRN_KERNEL]: true }));
    added.push('MaxPoolGrad');
  }
  for (const kind of ['Identity', 'Cast'] as const) {
    const stock = tf.getKernel(kind, 'wasm');
    if (stock && !(CAIRN_KERNEL in stock)) {
      tf.unregisterKernel(kind, 'wasm');
      tf.registerKernel(Object.assign({ kernelName: kind, backendName: 'wasm', kernelFunc: sharedCopy(stock, kind) }, { [CAIRN_KERNEL]: true }));
      added.push(kind);
    }
  }
  const sum = tf.getKernel('Sum', 'wasm');
  if (sum && !(CAIRN_KERNEL in sum) && wasmSumSupported()) {
    tf.unregisterKernel('Sum', 'wasm');
    tf.registerKernel(
      Object.assign({ kernelName: 'Sum', backendName: 'wasm', setupFunc: sum.setupFunc, kernelFunc: leadingAxesSum(sum) }, { [CAIRN_KERNEL]: true }),
    );
    added.push('Sum');
  }
  if (!tf.getKernel(ADAM_UPDATE, 'wasm') && wasmAdamSupported()) {
    tf.registerKernel({ kernelName: ADAM_UPDATE, backendName: 'wasm', kernelFunc: wasmAdamUpdate as unknown as tf.KernelFunc });
    added.push(ADAM_UPDATE);
  }
  if (!tf.getKernel('Conv2DBackpropFilter', 'wasm')) {
    tf.registerKernel({ kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: conv2DBackpropFilter as tf.KernelFunc });
    added.push('Conv2DBackpropFilter');
  }
  return added;
}

/** Kernels from TRAINING_KERNELS still missing on wasm (expected: none after registering). */
export function missingWasmTrainingKernels(): string[] {
  return TRAINING_KERNELS.filter((name) => !tf.getKernel(name, 'wasm'));
}
