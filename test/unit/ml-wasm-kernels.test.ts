import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { missingWasmTrainingKernels, registerWasmTrainingKernels, setIm2colMaxFloats } from '../../electron/worker/wasm-kernels';
import { ADAM_UPDATE, FusedAdamOptimizer } from '../../electron/worker/fused-adam';
import type { WasmHeapBackend } from '../../electron/worker/wasm-heap';
import { transposeMatrix } from '../../electron/worker/wasm-transpose';
import { buildModel } from '../../electron/worker/model';
import { loadCheckpoint, writeCheckpoint } from '../../electron/worker/model-files';
import { trainConfigSchema } from '../../shared/training/config';

type Pad = 'same' | 'valid';
type Shape4 = [number, number, number, number];

/** Runs the Conv2DBackpropFilter kernel on a backend with plain JS inputs. */
async function backpropFilter(backend: string, x: number[][][][], dy: number[][][][], filterShape: number[], strides: number, pad: Pad): Promise<Float32Array> {
  expect(await tf.setBackend(backend)).toBe(true);
  expect(tf.getBackend()).toBe(backend);
  return tf.tidy(() => {
    const out = tf.engine().runKernel('Conv2DBackpropFilter', { x: tf.tensor4d(x), dy: tf.tensor4d(dy) }, {
      strides,
      pad,
      dataFormat: 'NHWC',
      dimRoundingMode: undefined,
      filterShape,
    } as unknown as tf.NamedAttrMap) as tf.Tensor;
    return out.dataSync() as Float32Array;
  });
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('wasm training kernels', () => {
  beforeAll(async () => {
    tf.enableProdMode();
    registerWasmTrainingKernels();
    await tf.setBackend('cpu');
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('leaves no kernel a Dense/Conv2D/MaxPool/Dropout model with any optimizer needs missing on wasm', () => {
    expect(missingWasmTrainingKernels()).toEqual([]);
    expect(registerWasmTrainingKernels()).toEqual([]); // idempotent
  });

  const cases: [Pad, number, Shape4, Shape4][] = [
    ['same', 1, [4, 9, 10, 3], [3, 3, 3, 5]],
    ['valid', 1, [4, 9, 10, 3], [3, 3, 3, 5]],
    ['same', 2, [5, 9, 10, 3], [3, 3, 3, 5]],
    ['valid', 2, [3, 11, 8, 2], [5, 3, 2, 4]],
    ['same', 2, [2, 8, 8, 1], [4, 4, 1, 6]],
    // One channel, stride 1: the filter gradient's columns are built tap by tap, copied in runs where rows are wide.
    ['same', 1, [3, 9, 7, 1], [3, 3, 1, 4]],
    ['valid', 1, [2, 6, 21, 1], [2, 3, 1, 3]],
    ['same', 1, [2, 5, 20, 1], [5, 5, 1, 2]],
  ];
  for (const [pad, stride, xShape, filterShape] of cases) {
    it(`Conv2DBackpropFilter matches the cpu kernel (${pad}, stride ${stride}, x ${xShape}, filter ${filterShape})`, async () => {
      await tf.setBackend('cpu');
      const x = tf.randomNormal(xShape, 0, 1, 'float32', 11) as tf.Tensor4D;
      const dyShape = tf.conv2d(x, tf.zeros(filterShape) as tf.Tensor4D, stride, pad).shape;
      const dy = tf.randomNormal(dyShape, 0, 1, 'float32', 12) as tf.Tensor4D;
      const xs = x.arraySync();
      const dys = dy.arraySync();
      const want = await backpropFilter('cpu', xs, dys, filterShape, stride, pad);
      const got = await backpropFilter('wasm', xs, dys, filterShape, stride, pad);
      expect(maxAbsDiff(got, want)).toBeLessThan(1e-4);
      // Same result when the batch is processed in chunks of one image.
      const prev = setIm2colMaxFloats(1);
      try {
        const chunked = await backpropFilter('wasm', xs, dys, filterShape, stride, pad);
        expect(maxAbsDiff(chunked, want)).toBeLessThan(1e-4);
      } finally {
        setIm2colMaxFloats(prev);
      }
    });
  }

  for (const [pad, stride, xShape, filterShape] of cases) {
    it(`Conv2DBackpropInput matches the cpu kernel (${pad}, stride ${stride}, x ${xShape}, filter ${filterShape})`, async () => {
      await tf.setBackend('cpu');
      const x = tf.zeros(xShape) as tf.Tensor4D;
      const filter = tf.randomNormal(filterShape, 0, 1, 'float32', 13) as tf.Tensor4D;
      const dyShape = tf.conv2d(x, filter, stride, pad).shape;
      const dy = tf.randomNormal(dyShape, 0, 1, 'float32', 14) as tf.Tensor4D;
      const inputs = { dy: dy.arraySync(), filter: filter.arraySync() };
      const run = async (backend: string) => {
        expect(await tf.setBackend(backend)).toBe(true);
        return tf.tidy(() => {
          const out = tf.engine().runKernel('Conv2DBackpropInput', { dy: tf.tensor4d(inputs.dy), filter: tf.tensor4d(inputs.filter) }, {
            strides: stride,
            pad,
            dataFormat: 'NHWC',
            dimRoundingMode: undefined,
            inputShape: xShape,
          } as unknown as tf.NamedAttrMap) as tf.Tensor;
          return out.dataSync() as Float32Array;
        });
      };
      const want = await run('cpu');
      expect(maxAbsDiff(await run('wasm'), want)).toBeLessThan(1e-4);
      const prev = setIm2colMaxFloats(1);
      try {
        expect(maxAbsDiff(await run('wasm'), want)).toBeLessThan(1e-4);
      } finally {
        setIm2colMaxFloats(prev);
      }
    });
  }

  it('trains one CNN step with Adam on wasm to the same weights as on cpu', async () => {
    const config = trainConfigSchema.parse({ model: 'cnn', cnn: { filters: [4, 8], denseUnits: 16, dropout: 0, imageSize: 12, channels: 1 } });
    const step = async (backend: string) => {
      expect(await tf.setBackend(backend)).toBe(true);
      const model = buildModel(config, [12, 12, 1], 3);
      const x = tf.randomUniform([8, 12, 12, 1], 0, 1, 'float32', 3);
      const y = tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1], 'int32'), 3);
      await model.trainOnBatch(x, y);
      await model.trainOnBatch(x, y);
      const weights = model.getWeights().map((w) => w.dataSync() as Float32Array);
      model.dispose();
      tf.dispose([x, y]);
      return weights;
    };
    const cpu = await step('cpu');
    const wasm = await step('wasm');
    expect(wasm).toHaveLength(cpu.length);
    wasm.forEach((w, i) => expect(maxAbsDiff(w, cpu[i])).toBeLessThan(1e-4));
  });

  const matMulCases: [number[], number[], boolean, boolean][] = [
    [[64, 784], [64, 256], true, false], // dW of a Dense layer: x^T dy
    [[64, 256], [784, 256], false, true], // dx of a Dense layer: dy W^T
    [[31, 17], [23, 31], true, true],
    [[3, 9, 5], [3, 7, 5], false, true], // batched
    [[2, 6, 4], [1, 6, 3], true, false], // broadcast batch
    [[10, 12], [12, 7], false, false], // untouched stock path
    [[16, 200], [200, 96], false, false], // wide right operand: computed as (bᵀ aᵀ)ᵀ
    [[64, 128], [256, 128], false, true], // dx of a Dense layer, computed as (W dyᵀ)ᵀ
    [[64, 10], [128, 10], false, true], // small dy: W is transposed instead
  ];
  for (const [aShape, bShape, transposeA, transposeB] of matMulCases) {
    it(`BatchMatMul matches the cpu kernel (a ${aShape}${transposeA ? 'ᵀ' : ''}, b ${bShape}${transposeB ? 'ᵀ' : ''})`, async () => {
      const run = async (backend: string) => {
        expect(await tf.setBackend(backend)).toBe(true);
        return tf.tidy(() => {
          const a = tf.randomNormal(aShape, 0, 1, 'float32', 21);
          const b = tf.randomNormal(bShape, 0, 1, 'float32', 22);
          const out = tf.engine().runKernel('BatchMatMul', { a, b }, { transposeA, transposeB } as unknown as tf.NamedAttrMap) as tf.Tensor;
          // Again with the same right operand, which XNNPACK has packed by now.
          const again = tf.engine().runKernel('BatchMatMul', { a, b }, { transposeA, transposeB } as unknown as tf.NamedAttrMap) as tf.Tensor;
          return { data: out.dataSync() as Float32Array, shape: out.shape, again: again.dataSync() as Float32Array };
        });
      };
      const want = await run('cpu');
      expect(await tf.setBackend('wasm')).toBe(true);
      const before = tf.engine().backend.numDataIds();
      const got = await run('wasm');
      expect(got.shape).toEqual(want.shape);
      expect(maxAbsDiff(got.data, want.data)).toBeLessThan(1e-4);
      expect(maxAbsDiff(got.again, want.data)).toBeLessThan(1e-4);
      expect(tf.engine().backend.numDataIds()).toBe(before); // the transposed copies are freed
    });
  }

  const poolCases: [string, Shape4, number, number, Pad][] = [
    ['random', [4, 8, 8, 3], 2, 2, 'valid'],
    ['random', [3, 9, 7, 5], 3, 2, 'same'],
    ['random', [2, 6, 6, 4], 3, 1, 'same'], // overlapping windows: one input gets several dy
    ['relu', [4, 10, 10, 6], 2, 2, 'valid'], // many zeros: ties go to the first in the window
    ['zeros', [2, 5, 5, 2], 2, 2, 'same'],
    // Four channels a step in SIMD: ties among ReLU zeros, an odd edge no window covers, 'same' on even sizes.
    ['relu', [4, 10, 10, 8], 2, 2, 'valid'],
    ['random', [2, 7, 9, 4], 2, 2, 'valid'],
    ['zeros', [3, 8, 6, 12], 2, 2, 'same'],
    ['special', [2, 6, 6, 8], 2, 2, 'valid'],
    ['special', [2, 6, 6, 3], 2, 2, 'valid'],
  ];
  for (const [kind, xShape, filterSize, strides, pad] of poolCases) {
    it(`MaxPoolGrad matches the cpu kernel (${kind} x ${xShape}, window ${filterSize}, stride ${strides}, ${pad})`, async () => {
      const run = async (backend: string) => {
        expect(await tf.setBackend(backend)).toBe(true);
        return tf.tidy(() => {
          const normal = tf.randomNormal(xShape, 0, 1, 'float32', 31);
          // 'special': NaN and -Infinity among the values, which never take a window's gradient.
          const special = () => {
            const v = normal.dataSync().map((n, i) => (i % 5 === 0 ? NaN : i % 7 === 0 ? -Infinity : n));
            return tf.tensor(v, xShape);
          };
          const input = kind === 'zeros' ? tf.zeros(xShape) : kind === 'relu' ? tf.relu(normal) : kind === 'special' ? special() : normal;
          const output = tf.maxPool(input as tf.Tensor4D, filterSize, strides, pad);
          const dy = tf.randomNormal(output.shape, 0, 1, 'float32', 32);
          const dx = tf.engine().runKernel('MaxPoolGrad', { dy, input, output }, { filterSize, strides, pad } as unknown as tf.NamedAttrMap) as tf.Tensor;
          return dx.dataSync() as Float32Array;
        });
      };
      const want = await run('cpu');
      const got = await run('wasm');
      expect(maxAbsDiff(got, want)).toBeLessThan(1e-4);
    });
  }

  /** Five Adam steps on two variables (sizes around the 4-float SIMD width); returns weights and moments. */
  async function adamSteps(backend: string, optimizer: () => tf.Optimizer, n: number): Promise<Float32Array[]> {
    expect(await tf.setBackend(backend)).toBe(true);
    const w = tf.variable(tf.randomNormal([n], 0, 1, 'float32', 5));
    const b = tf.variable(tf.randomNormal([3, 5], 0, 1, 'float32', 6));
    const opt = optimizer();
    for (let s = 1; s <= 5; s++) {
      opt.minimize(() => tf.add(tf.sum(tf.square(tf.sub(w, 0.3))), tf.mul(tf.sum(tf.mul(b, b)), s)));
    }
    const state = (await opt.getWeights()).map((t) => t.tensor.dataSync() as Float32Array);
    const out = [w.dataSync() as Float32Array, b.dataSync() as Float32Array, ...state];
    opt.dispose();
    tf.dispose([w, b]);
    return out;
  }

  for (const n of [1, 4, 7, 1001]) {
    it(`fused Adam on wasm makes the stock Adam's update in one kernel per variable (${n} weights)`, async () => {
      const fused = () => new FusedAdamOptimizer(0.01, 0.9, 0.999);
      const stock = () => tf.train.adam(0.01, 0.9, 0.999);
      expect(await tf.setBackend('wasm')).toBe(true);
      const probe = tf.variable(tf.zeros([n]));
      const opt = fused();
      const profile = await tf.profile(() => {
        opt.minimize(() => tf.sum(tf.square(tf.sub(probe, 1))));
      });
      expect(profile.kernelNames).toContain(ADAM_UPDATE);
      expect(profile.kernelNames).not.toContain('Sqrt');
      opt.dispose();
      probe.dispose();

      const got = await adamSteps('wasm', fused, n);
      const wasmStock = await adamSteps('wasm', stock, n);
      const cpuStock = await adamSteps('cpu', stock, n);
      expect(got).toHaveLength(7); // w, b, iterations, 2 first and 2 second moments
      got.forEach((t, i) => {
        expect(maxAbsDiff(t, wasmStock[i])).toBeLessThan(1e-6);
        expect(maxAbsDiff(t, cpuStock[i])).toBeLessThan(1e-4);
      });
    });
  }

  it('uses tfjs Adam ops where the backend lacks the fused kernel', async () => {
    expect(await tf.setBackend('cpu')).toBe(true);
    const w = tf.variable(tf.ones([6]));
    const profile = await tf.profile(() => {
      new FusedAdamOptimizer(0.1, 0.9, 0.999).minimize(() => tf.sum(tf.square(w)));
    });
    expect(profile.kernelNames).not.toContain(ADAM_UPDATE);
    expect(profile.kernelNames).toContain('Sqrt');
    expect(Array.from(w.dataSync()).every((v) => Math.abs(v - 0.9) < 1e-6)).toBe(true); // first Adam step moves by lr
    w.dispose();
  });

  it('resumes an MLP from a checkpoint on wasm with the fused Adam and its state', async () => {
    expect(await tf.setBackend('wasm')).toBe(true);
    const config = trainConfigSchema.parse({ optimizer: 'adam', learningRate: 0.01, mlp: { hiddenUnits: [8] } });
    const x = tf.randomNormal([32, 4], 0, 1, 'float32', 1);
    const y = tf.oneHot(tf.randomUniform([32], 0, 3, 'int32', 2) as tf.Tensor1D, 3);
    const model = buildModel(config, [4], 3);
    expect(model.optimizer).toBeInstanceOf(FusedAdamOptimizer);
    await model.fit(x, y, { epochs: 2, batchSize: 8, shuffle: false, verbose: 0 });
    const jobDir = mkdtempSync(path.join(os.tmpdir(), 'cairn-adam-'));
    try {
      const { model: loaded } = await loadCheckpoint(await writeCheckpoint(model, jobDir, 2));
      expect(loaded.optimizer).toBeInstanceOf(FusedAdamOptimizer);
      await model.fit(x, y, { epochs: 1, batchSize: 8, shuffle: false, verbose: 0 });
      await loaded.fit(x, y, { epochs: 1, batchSize: 8, shuffle: false, verbose: 0 });
      const want = model.getWeights().map((w) => w.dataSync() as Float32Array);
      loaded.getWeights().forEach((w, i) => expect(Array.from(w.dataSync())).toEqual(Array.from(want[i])));
    } finally {
      rmSync(jobDir, { recursive: true, force: true });
      expect(existsSync(jobDir)).toBe(false);
    }
    tf.dispose([x, y]);
  });

  it('clones and same-dtype casts on wasm without copying, and the copy outlives its source', async () => {
    expect(await tf.setBackend('wasm')).toBe(true);
    for (const copy of [(t: tf.Tensor) => tf.clone(t), (t: tf.Tensor) => tf.cast(t, 'float32')]) {
      const x = tf.tensor2d([
        [1.5, 2],
        [3, -4],
      ]);
      const buffers = tf.engine().backend.numDataIds();
      const y = copy(x);
      expect(tf.engine().backend.numDataIds()).toBe(buffers);
      x.dispose();
      expect(Array.from(y.dataSync())).toEqual([1.5, 2, 3, -4]);
      const before = tf.engine().backend.numDataIds();
      y.dispose();
      expect(tf.engine().backend.numDataIds()).toBe(before - 1);
    }
    // Other casts convert, into a buffer of their own, as on the cpu backend (to bool: any non-zero is 1).
    const casts = async (backend: string) => {
      expect(await tf.setBackend(backend)).toBe(true);
      return tf.tidy(() => {
        const f = tf.tensor1d([1.7, -2.2, 0, -0, 256, NaN, 0.25]);
        const i = tf.tensor1d([3, -1, 0, 256], 'int32');
        return [tf.cast(f, 'int32'), tf.cast(f, 'bool'), tf.cast(i, 'bool'), tf.cast(i, 'float32'), tf.cast(tf.cast(i, 'bool'), 'float32')].map((t) => ({
          dtype: t.dtype,
          values: Array.from(t.dataSync()),
        }));
      });
    };
    expect(await casts('wasm')).toEqual(await casts('cpu'));
  });

  const sumCases: [number[], number | number[], boolean][] = [
    [[64, 256], 0, false], // a Dense bias gradient
    [[64, 7], 0, true], // columns not a multiple of 4
    [[5, 3, 9], [0, 1], false], // a Conv2D bias gradient after flattening
    [[5, 3, 9], [1, 0], true],
    [[4, 6], 1, false], // trailing axis: the stock kernel
    [[4, 6], [0, 1], false], // everything: the stock kernel
  ];
  for (const [shape, axis, keepDims] of sumCases) {
    it(`Sum over axes ${axis} of ${shape} (keepDims ${keepDims}) equals the cpu kernel's`, async () => {
      const run = async (backend: string) => {
        expect(await tf.setBackend(backend)).toBe(true);
        return tf.tidy(() => {
          const x = tf.add(tf.randomNormal(shape, 0, 1, 'float32', 41), tf.scalar(1e3));
          // Sums of signed zeros: the stock kernels start from +0, so -0 columns come out +0.
          const zeros = tf.mul(tf.randomNormal(shape, 0, 1, 'float32', 42), tf.scalar(-0));
          const out = tf.sum(x, axis, keepDims);
          return { data: out.dataSync() as Float32Array, shape: out.shape, zeros: Array.from(tf.sum(zeros, axis, keepDims).dataSync()) };
        });
      };
      const want = await run('cpu');
      const got = await run('wasm');
      expect(got.shape).toEqual(want.shape);
      expect(got.zeros.map((v) => Object.is(v, -0))).toEqual(want.zeros.map((v) => Object.is(v, -0)));
      expect(maxAbsDiff(got.data, want.data) / 1e3).toBeLessThan(1e-4); // relative to values near 1e3
    });
  }

  const transposeShapes = [
    [1, 1],
    [3, 5],
    [4, 4],
    [5, 9],
    [7, 4],
    [4, 7],
    [64, 784],
    [1, 3, 6],
  ];
  it(`the SIMD matrix transpose equals tf.transpose on cpu (${transposeShapes.map((t) => t.join('x')).join(', ')})`, async () => {
    for (const shape of transposeShapes) {
      const perm = shape.length === 2 ? [1, 0] : [0, 2, 1];
      expect(await tf.setBackend('cpu')).toBe(true);
      const values = tf.randomNormal(shape, 0, 1, 'float32', 51).dataSync() as Float32Array;
      const want = tf.tidy(() => tf.transpose(tf.tensor(values, shape), perm).dataSync() as Float32Array);
      expect(await tf.setBackend('wasm')).toBe(true);
      const x = tf.tensor(values, shape);
      const backend = tf.engine().backend as unknown as WasmHeapBackend & { disposeData(id: object): void };
      const out = transposeMatrix(backend, { dataId: x.dataId, shape: x.shape, dtype: 'float32' })!;
      expect(out.shape).toEqual(perm.map((p) => shape[p]));
      expect(Array.from(backend.typedArrayFromHeap(out))).toEqual(Array.from(want));
      backend.disposeData(out.dataId);
      x.dispose();
    }
    // Several matrices or other dtypes: left to the stock kernel.
    const batched = tf.zeros([2, 3, 4]);
    const ints = tf.zeros([3, 4], 'int32');
    const backend = tf.engine().backend as unknown as WasmHeapBackend;
    expect(transposeMatrix(backend, { dataId: batched.dataId, shape: batched.shape, dtype: 'float32' })).toBeNull();
    expect(transposeMatrix(backend, { dataId: ints.dataId, shape: ints.shape, dtype: 'int32' })).toBeNull();
    tf.dispose([batched, ints]);
  });
});
