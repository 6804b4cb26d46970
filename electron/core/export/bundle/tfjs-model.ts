import * as tf from '@tensorflow/tfjs';
import { UserError } from '../../errors';

interface ModelJsonFile {
  modelTopology?: unknown;
  weightSpecs?: tf.io.WeightsManifestEntry[];
  weightsManifest?: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  trainingConfig?: tf.io.TrainingConfig;
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
}

/**
 * Loads model.json + weights.bin in this process on the cpu backend: used to export ONNX and to
 * prove an imported model is one tfjs can build (known layers, weights that fit).
 */
export async function loadLayersModelFromBytes(modelJson: Uint8Array, weights: Uint8Array, what = 'model/model.json'): Promise<tf.LayersModel> {
  // Prod mode keeps the cpu backend's console banner off stdout, where --json output goes.
  tf.enableProdMode();
  if (tf.getBackend() !== 'cpu') await tf.setBackend('cpu');
  let json: ModelJsonFile;
  try {
    json = JSON.parse(Buffer.from(modelJson).toString('utf8')) as ModelJsonFile;
  } catch (err) {
    throw new UserError(`${what} is not valid JSON: ${(err as Error).message}`);
  }
  if (!json || typeof json !== 'object' || !json.modelTopology || typeof json.modelTopology !== 'object')
    throw new UserError(`${what} has no modelTopology; it is not a tfjs layers model`);
  const weightSpecs = json.weightSpecs ?? (json.weightsManifest ?? []).flatMap((g) => g.weights);
  const weightData = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer;
  try {
    return await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: json.modelTopology as object,
        weightSpecs,
        weightData,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
      }),
    );
  } catch (err) {
    throw new UserError(`${what} could not be loaded as a tfjs layers model: ${(err as Error).message.split('\n')[0]}`);
  }
}
