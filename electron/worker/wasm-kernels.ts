import * as tf from '@tensorflow/tfjs';

// tfjs-backend-wasm 4.22 ships no Conv2DBackpropFilter, so Conv2D layers cannot train on it.
// Falling back to the cpu kernel per batch was measured ~45x slower than im2col + the wasm
// BatchMatMul kernel below (see ENGINE-NOTES).

/** The parts of tfjs-backend-wasm's BackendWasm this file relies on. */
interface WasmBackendLike {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
  disposeData(dataId: tf.TensorInfo['dataId']): boolean;
}

/** Kernels a Dense/Conv2D/MaxPool/Dropout model needs to train with any of the config's optimizers. */
export const TRAINING_KERNELS = [
  'Conv2D', 'Conv2DBackpropFilter', 'Conv2DBackpropInput', 'MaxPool', 'MaxPoolGrad',
  'BatchMatMul', '_FusedMatMul', 'FusedConv2D', 'Relu', 'Elu', 'EluGrad', 'Selu', 'Sigmoid', 'Tanh',
  'Step', 'Softmax', 'Reshape', 'Transpose', 'Sum', 'Max', 'Mean', 'Exp', 'Log', 'Sqrt', 'Square',
  'Multiply', 'Add', 'AddN', 'Sub', 'RealDiv', 'Neg', 'Maximum', 'Minimum', 'ClipByValue', 'Greater',
  'GreaterEqual', 'Less', 'Select', 'Cast', 'Fill', 'ZerosLike', 'OnesLike', 'ArgMax', 'Equal',
  'Pow', 'Abs', 'Sign', 'Rsqrt', 'Reciprocal', 'GatherV2', 'Slice', 'Tile', 'Identity',
] as const;

/** Cap on the im2col buffer (floats, 32 MiB by default); larger batches go in chunks and are summed. */
let im2colMaxFloats = 1 << 23;

/** Changes the im2col cap; returns the previous one (tests use it to exercise chunking). */
export function setIm2colMaxFloats(n: number): number {
  const prev = im2colMaxFloats;
  im2colMaxFloats = Math.max(1, Math.floor(n));
  return prev;
}

function conv2DBackpropFilter(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
}): tf.TensorInfo {
  const backend = args.backend as WasmBackendLike;
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const attrs = args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  if (attrs.dataFormat === 'NCHW') throw new Error('Conv2DBackpropFilter (wasm): NCHW is not supported');
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterShape as [number, number, number, number],
    attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, false, 'channelsLast',
  );
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const { filterHeight, filterWidth, strideHeight, strideWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const k = filterHeight * filterWidth * inChannels;
  const rowsPerImage = outHeight * outWidth;
  const chunk = Math.max(1, Math.min(batchSize, Math.floor(im2colMaxFloats / Math.max(1, rowsPerImage * k))));
  const matMul = tf.getKernel('BatchMatMul', 'wasm')!.kernelFunc;

  let result: tf.TensorInfo | null = null;
  let sum: Float32Array | null = null;
  for (let b0 = 0; b0 < batchSize; b0 += chunk) {
    const nb = Math.min(chunk, batchSize - b0);
    const rows = nb * rowsPerImage;
    const cols = backend.makeOutput([1, k, rows], 'float32');
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
    // Columns laid out [k, rows] (im2col transposed) so the product needs no transposeA:
    // with transposeA the wasm BatchMatMul made this kernel ~4x slower (103 vs 25 ms per batch of 64).
    let row = 0;
    for (let n = b0; n < b0 + nb; n++) {
      const imageBase = n * inHeight * inWidth * inChannels;
      for (let oy = 0; oy < outHeight; oy++) {
        for (let ox = 0; ox < outWidth; ox++, row++) {
          let kk = 0;
          for (let fy = 0; fy < filterHeight; fy++) {
            const iy = oy * strideHeight - top + fy;
            for (let fx = 0; fx < filterWidth; fx++) {
              const ix = ox * strideWidth - left + fx;
              if (iy < 0 || iy >= inHeight || ix < 0 || ix >= inWidth) {
                for (let c = 0; c < inChannels; c++, kk++) cv[kk * rows + row] = 0;
              } else {
                const src = imageBase + (iy * inWidth + ix) * inChannels;
                for (let c = 0; c < inChannels; c++, kk++) cv[kk * rows + row] = xv[src + c];
              }
            }
          }
        }
      }
    }
    const part = matMul({ inputs: { a: cols, b: dyPart }, backend: backend as never, attrs: { transposeA: false, transposeB: false } }) as tf.TensorInfo;
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

/** Registers the training kernels wasm lacks; returns the names it added. Safe to call twice. */
export function registerWasmTrainingKernels(): string[] {
  const added: string[] = [];
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
