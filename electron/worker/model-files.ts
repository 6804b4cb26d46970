import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { MODEL_FILES } from '../../shared/worker/protocol';

// Folder format for final models and checkpoints (no file:// handler without tfjs-node):
//   model.json  = the save artifacts minus weightData, plus a standard tfjs weightsManifest
//                 pointing at weights.bin, so tfjs-node's file:// loader also reads it
//   weights.bin = all weight bytes in weightSpecs order (optimizer weights last, group 'optimizer')

export interface ModelJson {
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  modelTopology: object;
  trainingConfig?: tf.io.TrainingConfig;
  weightSpecs: tf.io.WeightsManifestEntry[];
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  userDefinedMetadata?: { [key: string]: object };
  /** Set on checkpoints: epochs completed when it was written. */
  epoch?: number;
}

async function writeSynced(file: string, data: string | Uint8Array): Promise<void> {
  const handle = await fs.open(file, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Writes model.json + weights.bin into dir (created if needed). */
export async function saveModelToDir(model: tf.LayersModel, dir: string, opts: { includeOptimizer: boolean; epoch?: number }): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const { weightData, weightSpecs = [], ...rest } = artifacts;
      const bytes = weightData === undefined ? new Uint8Array(0) : new Uint8Array(tf.io.CompositeArrayBuffer.join(weightData));
      const json: ModelJson = {
        ...(rest as Omit<ModelJson, 'weightSpecs' | 'weightsManifest'>),
        weightSpecs,
        weightsManifest: [{ paths: [MODEL_FILES.weights], weights: weightSpecs }],
        ...(opts.epoch !== undefined ? { epoch: opts.epoch } : {}),
      };
      await writeSynced(path.join(dir, MODEL_FILES.weights), bytes);
      await writeSynced(path.join(dir, MODEL_FILES.topology), JSON.stringify(json));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: bytes.byteLength } };
    }),
    { includeOptimizer: opts.includeOptimizer },
  );
}

/**
 * Writes a checkpoint to jobDir/checkpoint-tmp, then swaps it in as jobDir/checkpoint, so a crash
 * leaves either the previous complete checkpoint or the new one, never a half-written folder
 * under that name. Returns the checkpoint folder.
 */
export async function writeCheckpoint(model: tf.LayersModel, jobDir: string, epoch: number): Promise<string> {
  const tmp = path.join(jobDir, 'checkpoint-tmp');
  const dir = path.join(jobDir, 'checkpoint');
  const old = path.join(jobDir, 'checkpoint-old');
  await fs.rm(tmp, { recursive: true, force: true });
  await saveModelToDir(model, tmp, { includeOptimizer: true, epoch });
  await fs.rm(old, { recursive: true, force: true });
  try {
    await fs.rename(dir, old);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await fs.rename(tmp, dir);
  await fs.rm(old, { recursive: true, force: true });
  return dir;
}

export async function readModelJson(dir: string): Promise<ModelJson> {
  return JSON.parse(await fs.readFile(path.join(dir, MODEL_FILES.topology), 'utf8')) as ModelJson;
}

/**
 * Loads a model folder written by saveModelToDir/writeCheckpoint. When it holds training config
 * and optimizer state (checkpoints), the model comes back compiled with that state restored.
 */
export async function loadModelFromDir(dir: string): Promise<tf.LayersModel> {
  const json = await readModelJson(dir);
  const bytes = await fs.readFile(path.join(dir, MODEL_FILES.weights));
  const weightData = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const weightSpecs = json.weightSpecs ?? json.weightsManifest.flatMap((g) => g.weights);
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs,
      weightData,
      trainingConfig: json.trainingConfig,
      format: json.format,
      generatedBy: json.generatedBy,
      convertedBy: json.convertedBy,
      userDefinedMetadata: json.userDefinedMetadata,
    }),
  );
}

/** Loads a checkpoint and fails unless its optimizer state was restored in full. */
export async function loadCheckpoint(dir: string): Promise<{ model: tf.LayersModel; epoch: number | null; optimizerWeights: number }> {
  const json = await readModelJson(dir);
  const expected = json.weightSpecs.filter((s) => s.group === 'optimizer').length;
  const model = await loadModelFromDir(dir);
  if (expected === 0) throw new Error(`checkpoint ${dir} holds no optimizer state`);
  const restored = model.optimizer ? (await model.optimizer.getWeights()).length : 0;
  if (restored !== expected) throw new Error(`checkpoint ${dir}: restored ${restored} of ${expected} optimizer weights`);
  return { model, epoch: json.epoch ?? null, optimizerWeights: restored };
}
