// tfjs activations (fused in layers or as Activation layers) as ONNX nodes.
import type { GraphBuilder } from './proto';

/** Where the tensor's channels are: 'tf' = the tfjs order (channels last), 'nchw' = transposed for Conv. */
export type Layout = 'tf' | 'nchw';

// tfjs selu constants (tfjs-core selu_util), which equal ONNX's defaults to float precision.
const SELU_ALPHA = 1.6732632423543772;
const SELU_GAMMA = 1.0507009873554805;

/** Names of the activations exportActivation maps (tfjs serialized names). */
export const SUPPORTED_ACTIVATIONS = [
  'linear',
  'relu',
  'relu6',
  'sigmoid',
  'tanh',
  'softmax',
  'logSoftmax',
  'elu',
  'selu',
  'softplus',
  'softsign',
  'hardSigmoid',
  'swish',
  'mish',
] as const;

/**
 * Appends the nodes for `activation` applied to `input` (the last axis in tfjs terms, which is
 * axis 1 when the tensor is in NCHW). Returns the output name, or null when the name is unknown.
 */
export function emitActivation(g: GraphBuilder, activation: string, input: string, layout: Layout, base: string): string | null {
  const channelAxis = layout === 'nchw' ? 1 : -1;
  switch (activation) {
    case 'linear':
      return input;
    case 'relu':
      return g.node('Relu', [input], {}, `${base}_relu`);
    case 'relu6':
      return clip(g, input, 0, 6, base);
    case 'sigmoid':
      return g.node('Sigmoid', [input], {}, `${base}_sigmoid`);
    case 'tanh':
      return g.node('Tanh', [input], {}, `${base}_tanh`);
    case 'softmax':
      return g.node('Softmax', [input], { axis: channelAxis }, `${base}_softmax`);
    case 'logSoftmax':
      return g.node('LogSoftmax', [input], { axis: channelAxis }, `${base}_logsoftmax`);
    case 'elu':
      return g.node('Elu', [input], { alpha: { float: 1 } }, `${base}_elu`);
    case 'selu':
      return g.node('Selu', [input], { alpha: { float: SELU_ALPHA }, gamma: { float: SELU_GAMMA } }, `${base}_selu`);
    case 'softplus':
      return g.node('Softplus', [input], {}, `${base}_softplus`);
    case 'softsign':
      return g.node('Softsign', [input], {}, `${base}_softsign`);
    case 'hardSigmoid':
      return g.node('HardSigmoid', [input], { alpha: { float: 0.2 }, beta: { float: 0.5 } }, `${base}_hardsigmoid`);
    case 'swish': {
      const s = g.node('Sigmoid', [input], {}, `${base}_swish_sigmoid`);
      return g.node('Mul', [input, s], {}, `${base}_swish`);
    }
    case 'mish': {
      const sp = g.node('Softplus', [input], {}, `${base}_mish_softplus`);
      const t = g.node('Tanh', [sp], {}, `${base}_mish_tanh`);
      return g.node('Mul', [input, t], {}, `${base}_mish`);
    }
    default:
      return null;
  }
}

/** Clip with min/max as inputs (opset 11+). */
export function clip(g: GraphBuilder, input: string, min: number, max: number, base: string): string {
  const lo = g.floats(`${base}_clip_min`, [], [min]);
  const hi = g.floats(`${base}_clip_max`, [], [max]);
  return g.node('Clip', [input, lo, hi], {}, `${base}_clip`);
}
