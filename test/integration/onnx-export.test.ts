import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import seedrandom from 'seedrandom';
import { beforeAll, describe, expect, it } from 'vitest';
import { BATCH_DIM, IR_VERSION, ONNX_INPUT_NAME, ONNX_OUTPUT_NAME, OPSET, OnnxExportError, decodeModel, exportOnnx } from '../../electron/core/export/onnx';
import { buildModel } from '../../electron/worker/model';
import { loadModelFromDir, saveModelToDir } from '../../electron/worker/model-files';
import { fitTabular, imageSpec, transformTabular, type TabularCell } from '../../shared/ml';
import { trainConfigSchema } from '../../shared/training/config';
import { tempDir } from '../helpers';

// tfjs (cpu backend) vs onnxruntime-node on the same random inputs, for models built in-process
// with seeded initializers and non-trivial BatchNormalization statistics.

const TOLERANCE = 1e-4;

let seed = 1;
const glorot = () => tf.initializers.glorotUniform({ seed: seed++ });
const uniform = (minval = -0.5, maxval = 0.5) => tf.initializers.randomUniform({ minval, maxval, seed: seed++ });
const weights = () => ({ kernelInitializer: glorot(), biasInitializer: uniform() });

function randomArray(n: number, rng: () => number, lo = -1, hi = 1): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * rng();
  return out;
}

/** Gives every BatchNormalization layer random gamma/beta and moving mean/variance. */
function randomizeBatchNorm(model: tf.LayersModel, rng: () => number): void {
  for (const layer of model.layers) {
    if (layer.getClassName() !== 'BatchNormalization') continue;
    layer.setWeights(
      layer.weights.map((w) => {
        const n = w.shape.reduce((a, b) => a! * b!, 1)!;
        const kind = w.originalName.split('/').pop();
        const [lo, hi] = kind === 'gamma' ? [0.5, 1.5] : kind === 'moving_variance' ? [0.2, 3] : [-1, 1];
        return tf.tensor(randomArray(n, rng, lo, hi), w.shape as number[]);
      }),
    );
  }
}

function predictTf(model: tf.LayersModel, data: Float32Array, shape: number[]): Float32Array {
  return tf.tidy(() => (model.predict(tf.tensor(data, shape)) as tf.Tensor).dataSync() as Float32Array);
}

async function predictOnnx(bytes: Uint8Array, data: Float32Array, shape: number[]): Promise<{ out: Float32Array; dims: readonly number[] }> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const result = await session.run({ [ONNX_INPUT_NAME]: new ort.Tensor('float32', data, shape) });
    const out = result[ONNX_OUTPUT_NAME];
    return { out: out.data as Float32Array, dims: out.dims };
  } finally {
    await session.release();
  }
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** Exports, runs both on `batch` random rows and returns the largest difference. */
async function compare(model: tf.LayersModel, batch: number, rng: () => number): Promise<number> {
  const sample = model.inputs[0].shape.slice(1) as number[];
  const shape = [batch, ...sample];
  const data = randomArray(
    shape.reduce((a, b) => a * b, 1),
    rng,
    -2,
    2,
  );
  const bytes = exportOnnx(model);
  const expected = predictTf(model, data, shape);
  const { out, dims } = await predictOnnx(bytes, data, shape);
  expect([...dims]).toEqual([batch, ...(model.outputs[0].shape.slice(1) as number[])]);
  return maxAbsDiff(out, expected);
}

function mlp(): tf.LayersModel {
  const m = tf.sequential();
  m.add(tf.layers.dense({ inputShape: [6], units: 16, activation: 'relu', ...weights() }));
  m.add(tf.layers.dropout({ rate: 0.3 }));
  m.add(tf.layers.batchNormalization({ epsilon: 0.01 }));
  m.add(tf.layers.dense({ units: 12, activation: 'tanh', ...weights() }));
  m.add(tf.layers.dense({ units: 12, activation: 'elu', ...weights() }));
  m.add(tf.layers.dense({ units: 10, activation: 'selu', ...weights() }));
  m.add(tf.layers.dense({ units: 8, activation: 'sigmoid', ...weights() }));
  m.add(tf.layers.dense({ units: 8, useBias: false, kernelInitializer: glorot() }));
  m.add(tf.layers.activation({ activation: 'swish' }));
  m.add(tf.layers.dense({ units: 3, activation: 'softmax', ...weights() }));
  return m;
}

/** Same/valid padding, stride 2 with asymmetric pads, max and average pooling, two BatchNorms. */
function cnn(head: 'softmax' | 'linear'): tf.LayersModel {
  const m = tf.sequential();
  m.add(tf.layers.conv2d({ inputShape: [17, 15, 3], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', ...weights() }));
  m.add(tf.layers.batchNormalization({}));
  m.add(tf.layers.maxPooling2d({ poolSize: 2, padding: 'same' })); // 9x8
  m.add(tf.layers.conv2d({ filters: 6, kernelSize: 3, strides: 2, padding: 'same', activation: 'sigmoid', ...weights() })); // 5x4
  m.add(tf.layers.batchNormalization({ epsilon: 1e-3 }));
  m.add(tf.layers.averagePooling2d({ poolSize: 3, strides: 2, padding: 'same' })); // 3x2
  m.add(tf.layers.conv2d({ filters: 8, kernelSize: [2, 1], padding: 'valid', activation: 'tanh', ...weights() })); // 2x2
  m.add(tf.layers.conv2d({ filters: 8, kernelSize: 1, strides: [1, 2], padding: 'valid', activation: 'elu', ...weights() })); // 2x1
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({ units: 10, activation: 'relu', ...weights() }));
  m.add(tf.layers.dropout({ rate: 0.5 }));
  m.add(tf.layers.dense({ units: 5, activation: head, ...weights() }));
  return m;
}

describe('ONNX export', () => {
  beforeAll(async () => {
    expect(await tf.setBackend('cpu')).toBe(true);
  });

  it('writes IR 8 / opset 13 with a symbolic batch and loads in onnxruntime', async () => {
    const model = mlp();
    const bytes = exportOnnx(model, { graphName: 'mlp', producerVersion: '0.1.0' });
    const proto = decodeModel(bytes);
    expect(Number(proto.irVersion)).toBe(IR_VERSION);
    expect(IR_VERSION).toBe(8);
    expect(proto.opsetImport.map((o) => [o.domain ?? '', Number(o.version)])).toEqual([['', OPSET]]);
    expect(OPSET).toBe(13);
    expect(proto.producerName).toBe('Cairn');
    const input = proto.graph!.input![0];
    expect(input.name).toBe(ONNX_INPUT_NAME);
    expect(input.type!.tensorType!.shape!.dim!.map((d) => d.dimParam || Number(d.dimValue))).toEqual([BATCH_DIM, 6]);
    expect(proto.graph!.output![0].type!.tensorType!.shape!.dim!.map((d) => d.dimParam || Number(d.dimValue))).toEqual([BATCH_DIM, 3]);
    expect(proto.graph!.node!.map((n) => n.opType)).not.toContain('Dropout');
    const bn = proto.graph!.node!.find((n) => n.opType === 'BatchNormalization')!;
    expect(bn.attribute!.find((a) => a.name === 'epsilon')!.f).toBeCloseTo(0.01, 7);

    const session = await ort.InferenceSession.create(bytes);
    expect(session.inputNames).toEqual([ONNX_INPUT_NAME]);
    expect(session.outputNames).toEqual([ONNX_OUTPUT_NAME]);
    await session.release();
  });

  it('MLP matches tfjs (batch 1 and 7)', async () => {
    const rng = seedrandom('mlp');
    const model = mlp();
    randomizeBatchNorm(model, rng);
    for (const batch of [1, 7]) expect(await compare(model, batch, rng)).toBeLessThan(TOLERANCE);
  });

  it('CNN with BatchNorm, same/valid padding, stride 2, max and average pooling matches tfjs', async () => {
    const rng = seedrandom('cnn');
    for (const head of ['softmax', 'linear'] as const) {
      const model = cnn(head);
      randomizeBatchNorm(model, rng);
      for (const batch of [1, 4]) expect(await compare(model, batch, rng)).toBeLessThan(TOLERANCE);
    }
  });

  it('matches after a couple of training batches (moving statistics from data)', async () => {
    const rng = seedrandom('trained');
    const model = cnn('softmax');
    model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
    const n = 16;
    const x = tf.tensor(randomArray(n * 17 * 15 * 3, rng, 0, 3), [n, 17, 15, 3]);
    const y = tf.oneHot(
      tf.tensor1d(
        Array.from({ length: n }, (_, i) => i % 5),
        'int32',
      ),
      5,
    );
    await model.fit(x, y, { epochs: 2, batchSize: 8, shuffle: false, verbose: 0 });
    tf.dispose([x, y]);
    const mean = model.layers[1].getWeights()[2].dataSync();
    expect(Array.from(mean).some((v) => Math.abs(v) > 1e-3)).toBe(true);
    expect(await compare(model, 3, rng)).toBeLessThan(TOLERANCE);
  });

  it("exports Cairn's own MLP and CNN after a save/load round trip", async () => {
    const rng = seedrandom('cairn');
    const configs = [
      { sample: [7], config: trainConfigSchema.parse({ model: 'mlp', mlp: { hiddenUnits: [16, 8], activation: 'relu', dropout: 0.2 } }) },
      {
        sample: [12, 12, 1],
        config: trainConfigSchema.parse({ model: 'cnn', cnn: { filters: [4, 8], denseUnits: 16, dropout: 0.3, imageSize: 12, channels: 1 } }),
      },
    ];
    for (const { sample, config } of configs) {
      const dir = tempDir('cairn-onnx-');
      await saveModelToDir(buildModel(config, sample, 3), dir, { includeOptimizer: false });
      const model = await loadModelFromDir(dir);
      expect(await compare(model, 5, rng)).toBeLessThan(TOLERANCE);
    }
  });

  it('keeps an image-shaped output in NHWC', async () => {
    const rng = seedrandom('map');
    const m = tf.sequential();
    m.add(tf.layers.batchNormalization({ inputShape: [7, 6, 2] }));
    m.add(tf.layers.conv2d({ filters: 3, kernelSize: 3, strides: 2, padding: 'same', ...weights() }));
    m.add(tf.layers.activation({ activation: 'softmax' }));
    m.add(tf.layers.maxPooling2d({ poolSize: [2, 2], strides: 1, padding: 'valid' }));
    randomizeBatchNorm(m, rng);
    expect(await compare(m, 2, rng)).toBeLessThan(TOLERANCE);
  });

  it('folds tabular standardization: raw numeric features in, same predictions out', async () => {
    const rng = seedrandom('tabular');
    const columns = [
      { name: 'age', type: 'numeric' },
      { name: 'city', type: 'categorical' },
      { name: 'note', type: 'text' },
      { name: 'income', type: 'numeric' },
    ];
    const cities = ['oslo', 'lima', 'kyiv'];
    const rows: TabularCell[][] = Array.from({ length: 40 }, () => [
      Math.round(18 + 60 * rng()),
      cities[Math.floor(rng() * 3)],
      'x',
      Math.round(20_000 + 90_000 * rng()),
    ]);
    const spec = fitTabular(columns, rows);
    expect(spec.width).toBe(5);
    const m = tf.sequential();
    m.add(tf.layers.dense({ inputShape: [spec.width], units: 8, activation: 'relu', ...weights() }));
    m.add(tf.layers.dense({ units: 2, activation: 'softmax', ...weights() }));

    const test = rows.slice(0, 9);
    const pre = transformTabular(spec, test);
    // Raw input: numeric columns as they are, categorical columns one-hot (the caller's part).
    const raw = Float32Array.from(pre);
    test.forEach((row, r) => {
      let offset = 0;
      for (const f of spec.features) {
        if (f.kind === 'numeric') raw[r * spec.width + offset] = row[f.index] as number;
        offset += f.kind === 'numeric' ? 1 : f.categories.length;
      }
    });
    const bytes = exportOnnx(m, { preprocessing: spec });
    const expected = predictTf(m, pre, [test.length, spec.width]);
    const { out } = await predictOnnx(bytes, raw, [test.length, spec.width]);
    expect(maxAbsDiff(out, expected)).toBeLessThan(TOLERANCE);
    // Without folding the raw input gives something else: the folding is what makes it match.
    const unfolded = await predictOnnx(exportOnnx(m), raw, [test.length, spec.width]);
    expect(maxAbsDiff(unfolded.out, expected)).toBeGreaterThan(1e-2);
    const meta = Object.fromEntries(decodeModel(bytes).metadataProps.map((p) => [p.key, p.value]));
    expect(meta['cairn.preprocessing']).toBe('folded tabular');
  });

  it('folds the image scale: raw 0..255 pixels in', async () => {
    const rng = seedrandom('image');
    const spec = imageSpec(9, 3);
    const m = tf.sequential();
    m.add(tf.layers.conv2d({ inputShape: [9, 9, 3], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', ...weights() }));
    m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    m.add(tf.layers.flatten());
    m.add(tf.layers.dense({ units: 3, activation: 'softmax', ...weights() }));
    const n = 3 * 9 * 9 * 3;
    const pixels = Float32Array.from({ length: n }, () => Math.floor(rng() * 256));
    const scaled = Float32Array.from(pixels, (p) => p * spec.scale);
    const expected = predictTf(m, scaled, [3, 9, 9, 3]);
    const { out } = await predictOnnx(exportOnnx(m, { preprocessing: spec }), pixels, [3, 9, 9, 3]);
    expect(maxAbsDiff(out, expected)).toBeLessThan(TOLERANCE);
    expect(() => exportOnnx(m, { preprocessing: imageSpec(8, 3) })).toThrow(/image preprocessing is for \[8, 8, 3\]/);
  });

  it('refuses unsupported layers and configs with an error naming the layer', () => {
    const rnn = tf.sequential();
    rnn.add(tf.layers.lstm({ inputShape: [5, 4], units: 3, name: 'my_lstm' }));
    rnn.add(tf.layers.dense({ units: 2 }));
    expect(() => exportOnnx(rnn)).toThrow(OnnxExportError);
    expect(() => exportOnnx(rnn)).toThrow(/layer "my_lstm" \(LSTM\): layer type LSTM is not supported/);

    const dilated = tf.sequential();
    dilated.add(tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 2, kernelSize: 3, dilationRate: 2, name: 'wide_conv' }));
    expect(() => exportOnnx(dilated)).toThrow(/layer "wide_conv" \(Conv2D\): dilationRate \[2, 2\] is not supported/);

    const gelu = tf.sequential();
    gelu.add(tf.layers.dense({ inputShape: [3], units: 2, activation: 'gelu', name: 'gelu_dense' }));
    expect(() => exportOnnx(gelu)).toThrow(/layer "gelu_dense" \(Dense\): activation "gelu" is not supported/);

    const flatDense = tf.sequential();
    flatDense.add(tf.layers.dense({ inputShape: [4, 3], units: 2, name: 'dense_3d' }));
    expect(() => exportOnnx(flatDense)).toThrow(/layer "dense_3d" \(Dense\): needs a flat input/);

    const mlpModel = mlp();
    const tab = fitTabular([{ name: 'a', type: 'numeric' }], [[1], [2]]);
    expect(() => exportOnnx(mlpModel, { preprocessing: tab })).toThrow(/tabular preprocessing gives 1 features, the model takes \[6\]/);
  });
});
