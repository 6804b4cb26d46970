// ONNX export of a tfjs Sequential layers model for handoff: IR 8, opset 13, symbolic batch
// dimension, input kept in the tfjs layout (NHWC for images). Hand-written mapping; see
// layers.ts for what is supported. Either the whole model maps or OnnxExportError is thrown.
import * as tf from '@tensorflow/tfjs';
import type { PreprocessingSpec } from '../../../../shared/ml';
import { OnnxExportError } from './errors';
import { emitLayer, toTfLayout, type Flow } from './layers';
import { foldPreprocessing } from './preprocessing';
import { BATCH_DIM, GraphBuilder, encodeModel } from './proto';

export { OnnxExportError } from './errors';
export { SUPPORTED_LAYERS } from './layers';
export { SUPPORTED_ACTIVATIONS } from './activations';
export { IR_VERSION, OPSET, BATCH_DIM, decodeModel } from './proto';

export const ONNX_INPUT_NAME = 'input';
export const ONNX_OUTPUT_NAME = 'output';

export interface OnnxExportOptions {
  /** Folded in as the graph's first nodes, so the ONNX model takes raw (unscaled) inputs. */
  preprocessing?: PreprocessingSpec;
  /** Graph name; defaults to the model's name. */
  graphName?: string;
  /** producer_version in the file (e.g. Cairn's version). */
  producerVersion?: string;
  /** Extra metadata_props entries. */
  metadata?: Record<string, string>;
}

function staticShape(shape: (number | null)[], what: string): number[] {
  // A fixed batch size in tfjs still exports with a symbolic batch.
  const rest = shape.slice(1);
  if (rest.some((d) => d === null || d === undefined || d < 0)) {
    throw new OnnxExportError(`${what} shape [${shape.map(String).join(', ')}] has unknown dimensions besides the batch`);
  }
  return rest as number[];
}

/** The layers in order, checking that they form a single chain from one input to one output. */
function chain(model: tf.LayersModel): tf.layers.Layer[] {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw new OnnxExportError(`only single-input, single-output models export (this one has ${model.inputs.length} inputs, ${model.outputs.length} outputs)`);
  }
  const layers = model.layers;
  for (let i = 1; i < layers.length; i++) {
    const prev = layers[i - 1];
    const layer = layers[i];
    if (Array.isArray(layer.input) || layer.input !== prev.output) {
      throw new OnnxExportError('the model is not a plain sequence of layers', { name: layer.name, className: layer.getClassName() });
    }
  }
  return layers;
}

/**
 * Exports `model` to ONNX bytes. The input is named 'input' ([batch, ...tfjs input shape]), the
 * output 'output' ([batch, ...tfjs output shape]). Throws OnnxExportError naming the first layer
 * or config it can't map; nothing partial is returned.
 */
export function exportOnnx(model: tf.LayersModel, opts: OnnxExportOptions = {}): Uint8Array {
  const layers = chain(model);
  const inputShape = staticShape(model.inputs[0].shape, 'input');
  const outputShape = staticShape(model.outputs[0].shape, 'output');
  const g = new GraphBuilder([ONNX_INPUT_NAME, ONNX_OUTPUT_NAME]);

  let flow: Flow = { name: ONNX_INPUT_NAME, layout: 'tf', shape: inputShape };
  const metadata: Record<string, string> = { 'cairn.input_layout': inputShape.length === 3 ? 'NHWC' : inputShape.length === 1 ? 'features' : 'tfjs' };
  if (opts.preprocessing) {
    const folded = foldPreprocessing(g, opts.preprocessing, ONNX_INPUT_NAME, inputShape);
    flow = { ...flow, name: folded.name };
    metadata['cairn.preprocessing'] = `folded ${opts.preprocessing.kind}`;
    metadata['cairn.input'] = folded.description;
  } else {
    metadata['cairn.preprocessing'] = 'none (feed the model preprocessed inputs)';
  }
  for (const layer of layers) flow = emitLayer(layer, g, flow);
  flow = toTfLayout(g, flow);
  if (flow.shape.length !== outputShape.length || flow.shape.some((d, i) => d !== outputShape[i])) {
    throw new OnnxExportError(`mapped output shape [${flow.shape.join(', ')}] differs from the model's [${outputShape.join(', ')}]`);
  }
  g.finish(flow.name, ONNX_OUTPUT_NAME);

  return encodeModel(
    g,
    { name: ONNX_INPUT_NAME, dims: inputShape },
    { name: ONNX_OUTPUT_NAME, dims: outputShape },
    {
      graphName: opts.graphName ?? model.name,
      producerName: 'Cairn',
      producerVersion: opts.producerVersion,
      docString: `Exported from a tfjs ${model.getClassName()} by Cairn. Input '${ONNX_INPUT_NAME}' [${[BATCH_DIM, ...inputShape].join(', ')}]${inputShape.length === 3 ? ' (NHWC)' : ''}, output '${ONNX_OUTPUT_NAME}' [${[BATCH_DIM, ...outputShape].join(', ')}].`,
      metadata: { ...metadata, ...opts.metadata },
    },
  );
}
