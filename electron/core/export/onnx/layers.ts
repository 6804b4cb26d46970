// One tfjs layer -> ONNX nodes. The tensor flowing between layers keeps the tfjs (channels-last)
// order until the first Conv/Pool/BatchNorm on an image, which transposes it to NCHW; Flatten
// (and the graph's end) transposes it back, so Dense weights keep their tfjs order.
import * as tf from '@tensorflow/tfjs';
import { clip, emitActivation, type Layout } from './activations';
import { OnnxExportError } from './errors';
import type { GraphBuilder } from './proto';

export interface Flow {
  /** Name of the tensor in the graph. */
  name: string;
  layout: Layout;
  /** Shape without the batch dimension, always in tfjs order ([h, w, c] for images). */
  shape: number[];
}

type Config = Record<string, unknown>;

/** Layers that are the identity at inference time. */
const INFERENCE_IDENTITY = new Set(['Dropout', 'AlphaDropout', 'GaussianDropout', 'GaussianNoise']);

export const SUPPORTED_LAYERS = [
  'InputLayer',
  'Dense',
  'Conv2D',
  'MaxPooling2D',
  'AveragePooling2D',
  'Flatten',
  'BatchNormalization',
  'Activation',
  'ReLU',
  'LeakyReLU',
  'ELU',
  'Softmax',
  ...INFERENCE_IDENTITY,
] as const;

class LayerContext {
  readonly config: Config;
  readonly className: string;
  constructor(
    readonly layer: tf.layers.Layer,
    readonly g: GraphBuilder,
  ) {
    this.className = layer.getClassName();
    this.config = layer.getConfig() as Config;
  }

  fail(message: string): never {
    throw new OnnxExportError(message, { name: this.layer.name, className: this.className });
  }

  /** The layer's weights by their short name (kernel, bias, gamma, moving_mean, ...). */
  weights(): Map<string, tf.Tensor> {
    const values = this.layer.getWeights();
    const out = new Map<string, tf.Tensor>();
    this.layer.weights.forEach((w, i) => out.set(w.originalName.split('/').pop()!, values[i]));
    return out;
  }

  weight(name: string): tf.Tensor {
    const w = this.weights().get(name);
    if (!w) this.fail(`has no ${name} weight`);
    return w;
  }

  pair(key: string): [number, number] {
    const v = this.config[key];
    if (typeof v === 'number') return [v, v];
    if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number')) return [v[0], v[1]];
    if (Array.isArray(v) && v.length === 1 && typeof v[0] === 'number') return [v[0], v[0]];
    return this.fail(`${key} ${JSON.stringify(v)} is not a number or a pair`);
  }

  requireChannelsLast(): void {
    const df = this.config.dataFormat;
    if (df !== undefined && df !== null && df !== 'channelsLast') this.fail(`dataFormat ${String(df)} is not supported (only channelsLast)`);
  }

  activation(flow: Flow, activation: unknown): Flow {
    if (activation === undefined || activation === null) return flow;
    if (typeof activation !== 'string') return this.fail(`activation ${JSON.stringify(activation)} is not supported`);
    const out = emitActivation(this.g, activation, flow.name, flow.layout, this.layer.name);
    if (out === null) this.fail(`activation "${activation}" is not supported`);
    return { ...flow, name: out };
  }
}

function toNchw(c: LayerContext, flow: Flow): Flow {
  if (flow.layout === 'nchw') return flow;
  if (flow.shape.length !== 3) c.fail(`needs an image input [height, width, channels], got [${flow.shape.join(', ')}]`);
  return { ...flow, layout: 'nchw', name: c.g.node('Transpose', [flow.name], { perm: [0, 3, 1, 2] }, 'to_nchw') };
}

/** Back to the tfjs order (NHWC) if the tensor is in NCHW. */
export function toTfLayout(g: GraphBuilder, flow: Flow): Flow {
  if (flow.layout === 'tf') return flow;
  return { ...flow, layout: 'tf', name: g.node('Transpose', [flow.name], { perm: [0, 2, 3, 1] }, 'to_nhwc') };
}

function padding(c: LayerContext): 'same' | 'valid' {
  const p = c.config.padding;
  if (p !== 'same' && p !== 'valid') c.fail(`padding "${String(p)}" is not supported (same or valid)`);
  return p;
}

function dense(c: LayerContext, flow: Flow): Flow {
  if (flow.shape.length !== 1) c.fail(`needs a flat input, got [${flow.shape.join(', ')}] (add a Flatten before it)`);
  const kernel = c.weight('kernel');
  const [inDim, units] = kernel.shape;
  if (inDim !== flow.shape[0]) c.fail(`kernel expects ${inDim} inputs, the layer before gives ${flow.shape[0]}`);
  const inputs = [flow.name, c.g.floats(`${c.layer.name}_kernel`, [inDim, units], kernel.dataSync())];
  if (c.config.useBias !== false) inputs.push(c.g.floats(`${c.layer.name}_bias`, [units], c.weight('bias').dataSync()));
  const out = c.g.node('Gemm', inputs, {}, `${c.layer.name}_gemm`);
  return c.activation({ name: out, layout: 'tf', shape: [units] }, c.config.activation);
}

function conv2d(c: LayerContext, flow: Flow): Flow {
  c.requireChannelsLast();
  const pad = padding(c);
  const dilation = c.pair('dilationRate');
  if (dilation[0] !== 1 || dilation[1] !== 1) c.fail(`dilationRate [${dilation.join(', ')}] is not supported (only 1)`);
  if (c.config.groups !== undefined && c.config.groups !== 1) c.fail(`groups ${String(c.config.groups)} is not supported`);
  const strides = c.pair('strides');
  const x = toNchw(c, flow);
  const [h, w, ch] = flow.shape;
  const kernel = c.weight('kernel');
  const [kh, kw, kin, filters] = kernel.shape;
  if (kin !== ch) c.fail(`kernel expects ${kin} channels, the layer before gives ${ch}`);
  const info = tf.backend_util.computeConv2DInfo([1, h, w, ch], [kh, kw, kin, filters], strides, 1, pad, undefined, false, 'channelsLast');
  const { top, left, bottom, right } = info.padInfo;
  const oihw = tf.tidy(() => tf.transpose(kernel, [3, 2, 0, 1]).dataSync());
  const inputs = [x.name, c.g.floats(`${c.layer.name}_kernel`, [filters, kin, kh, kw], oihw)];
  if (c.config.useBias !== false) inputs.push(c.g.floats(`${c.layer.name}_bias`, [filters], c.weight('bias').dataSync()));
  const out = c.g.node(
    'Conv',
    inputs,
    {
      kernel_shape: [kh, kw],
      strides,
      pads: [top, left, bottom, right],
      dilations: [1, 1],
      group: 1,
    },
    `${c.layer.name}_conv`,
  );
  return c.activation({ name: out, layout: 'nchw', shape: [info.outHeight, info.outWidth, filters] }, c.config.activation);
}

function pool2d(c: LayerContext, flow: Flow, op: 'MaxPool' | 'AveragePool'): Flow {
  c.requireChannelsLast();
  const pad = padding(c);
  const size = c.pair('poolSize');
  const strides = c.config.strides === null || c.config.strides === undefined ? size : c.pair('strides');
  const x = toNchw(c, flow);
  const [h, w, ch] = flow.shape;
  const info = tf.backend_util.computePool2DInfo([1, h, w, ch], size, strides, 1, pad, undefined, 'channelsLast');
  const { top, left, bottom, right } = info.padInfo;
  // AveragePool: tfjs averages over the window's in-bounds values only = count_include_pad 0.
  const attrs = { kernel_shape: size, strides, pads: [top, left, bottom, right], ...(op === 'AveragePool' ? { count_include_pad: 0 } : {}) };
  const out = c.g.node(op, [x.name], attrs, `${c.layer.name}_${op === 'MaxPool' ? 'maxpool' : 'avgpool'}`);
  return { name: out, layout: 'nchw', shape: [info.outHeight, info.outWidth, ch] };
}

function flatten(c: LayerContext, flow: Flow): Flow {
  if (flow.shape.length === 1) return flow;
  const x = toTfLayout(c.g, flow);
  const size = flow.shape.reduce((a, b) => a * b, 1);
  return { name: c.g.node('Flatten', [x.name], { axis: 1 }, `${c.layer.name}_flatten`), layout: 'tf', shape: [size] };
}

function batchNorm(c: LayerContext, flow: Flow): Flow {
  const rank = flow.shape.length;
  const axis = Array.isArray(c.config.axis) && c.config.axis.length === 1 ? c.config.axis[0] : c.config.axis;
  if (axis !== -1 && axis !== rank) c.fail(`axis ${JSON.stringify(c.config.axis)} is not supported (only the channels axis, -1)`);
  if (rank !== 1 && rank !== 3) c.fail(`needs a flat or an image input, got [${flow.shape.join(', ')}]`);
  const x = rank === 3 ? toNchw(c, flow) : flow;
  const channels = flow.shape[rank - 1];
  const epsilon = c.config.epsilon;
  if (typeof epsilon !== 'number') c.fail('has no epsilon');
  const w = c.weights();
  const vec = (name: string, fallback: number) => w.get(name)?.dataSync() ?? new Float32Array(channels).fill(fallback);
  const params = [
    ['scale', vec('gamma', 1)],
    ['bias', vec('beta', 0)],
    ['mean', c.weight('moving_mean').dataSync()],
    ['var', c.weight('moving_variance').dataSync()],
  ] as const;
  const inputs = [x.name, ...params.map(([n, v]) => c.g.floats(`${c.layer.name}_${n}`, [channels], v))];
  // Set epsilon explicitly: tfjs defaults to 1e-3, ONNX to 1e-5.
  const out = c.g.node('BatchNormalization', inputs, { epsilon: { float: epsilon } }, `${c.layer.name}_bn`);
  return { ...x, name: out };
}

/** Appends the nodes for one layer; throws OnnxExportError naming the layer when it can't. */
export function emitLayer(layer: tf.layers.Layer, g: GraphBuilder, flow: Flow): Flow {
  const c = new LayerContext(layer, g);
  if (INFERENCE_IDENTITY.has(c.className)) return flow;
  switch (c.className) {
    case 'InputLayer':
      return flow;
    case 'Dense':
      return dense(c, flow);
    case 'Conv2D':
      return conv2d(c, flow);
    case 'MaxPooling2D':
      return pool2d(c, flow, 'MaxPool');
    case 'AveragePooling2D':
      return pool2d(c, flow, 'AveragePool');
    case 'Flatten':
      return flatten(c, flow);
    case 'BatchNormalization':
      return batchNorm(c, flow);
    case 'Activation':
      return c.activation(flow, c.config.activation);
    case 'ReLU': {
      const max = c.config.maxValue;
      if (max === null || max === undefined) return { ...flow, name: g.node('Relu', [flow.name], {}, `${layer.name}_relu`) };
      if (typeof max !== 'number') return c.fail(`maxValue ${JSON.stringify(max)} is not a number`);
      return { ...flow, name: clip(g, flow.name, 0, max, layer.name) };
    }
    case 'LeakyReLU':
      return { ...flow, name: g.node('LeakyRelu', [flow.name], { alpha: { float: Number(c.config.alpha ?? 0.3) } }, `${layer.name}_leakyrelu`) };
    case 'ELU':
      return { ...flow, name: g.node('Elu', [flow.name], { alpha: { float: Number(c.config.alpha ?? 1) } }, `${layer.name}_elu`) };
    case 'Softmax': {
      const axis = Array.isArray(c.config.axis) && c.config.axis.length === 1 ? c.config.axis[0] : (c.config.axis ?? -1);
      if (axis !== -1 && axis !== flow.shape.length) c.fail(`axis ${JSON.stringify(c.config.axis)} is not supported (only the last axis)`);
      return c.activation(flow, 'softmax');
    }
    default:
      return c.fail(`layer type ${c.className} is not supported (supported: ${SUPPORTED_LAYERS.join(', ')})`);
  }
}
