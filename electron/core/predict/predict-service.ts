import fs from 'node:fs';
import path from 'node:path';
import type { PredictResult, PredictionRow } from '../../../shared/api/calls/models';
import type { EngineChoice } from '../../../shared/domain';
import type { PredictJob } from '../../../shared/worker/protocol';
import { argmax } from '../../../shared/stats/argmax';
import { UserError } from '../errors';
import type { BlobStore } from '../files/blob-store';
import { MODEL_TOPOLOGY, MODEL_WEIGHTS, type ModelSource } from '../registry/model-source';
import type { ModelRegistry } from '../registry/registry';
import { restoreModelDir } from '../training/job-files';
import type { WorkerLauncher } from '../training/launcher';
import { readPredictInputs } from './predict-inputs';
import { runWorkerJob } from './worker-job';
import { jobScratchPath } from '../training/jobs-folder';
import { csvLine } from '../../../shared/csv/write';

interface Deps {
  registry: ModelRegistry;
  blobs: BlobStore;
  launcher: WorkerLauncher;
  workerEntry: string;
  jobsDir: string;
}

export interface PredictRequest {
  ref: string;
  input: string;
  out?: string;
  engine: EngineChoice;
  preview: number;
}

/** Batch prediction: the model runs in a worker process, with the preprocessing saved at training. */
export class PredictService {
  constructor(private readonly d: Deps) {}

  async predict(req: PredictRequest): Promise<PredictResult> {
    const source = this.d.registry.resolve(req.ref);
    if (!source.preprocessing) throw new UserError(`${source.label} has no preprocessing recorded, so new data can't be prepared for it`, 'conflict');
    const inputs = await readPredictInputs(req.input, source.preprocessing);
    const probs = await this.run(source, req.engine, inputs.kind === 'tabular' ? { rows: inputs.rows } : { paths: inputs.paths });
    const k = source.classes.length;
    const rows: PredictionRow[] = inputs.ids.map((id, i) => {
      const p = Array.from(probs.subarray(i * k, (i + 1) * k));
      return { id, predicted: source.classes[argmax(p)], probabilities: p };
    });
    const modelRef = source.model ? `${source.model.name}@${source.model.version}` : source.runId!;
    if (req.out) writePredictionsCsv(req.out, inputs.idColumn, source.classes, modelRef, rows);
    return {
      model: { label: source.label, name: source.model?.name ?? null, version: source.model?.version ?? null, runId: source.runId },
      classes: source.classes,
      rows: rows.length,
      out: req.out ? path.resolve(req.out) : null,
      predictions: rows.slice(0, req.preview),
    };
  }

  /** Row-major probabilities [inputs, classes] for `{ rows }` in the training column order or `{ paths }` of images (a dataset's own items, say). */
  async run(source: ModelSource, engine: EngineChoice, input: object): Promise<Float32Array> {
    const jobDir = jobScratchPath(this.d.jobsDir, 'predict');
    try {
      const modelDir = path.join(jobDir, 'model');
      restoreModelDir(modelDir, { topology: source.files[MODEL_TOPOLOGY], weights: source.files[MODEL_WEIGHTS] }, this.d.blobs);
      const inputFile = path.join(jobDir, 'input.json');
      fs.writeFileSync(inputFile, JSON.stringify(input));
      const job: PredictJob = {
        jobDir,
        modelDir,
        engine,
        preprocessing: source.preprocessing,
        input: { kind: 'rows' in input ? 'tabular' : 'images', file: inputFile },
        out: path.join(jobDir, 'probabilities.f32'),
      };
      const done = await runWorkerJob(
        this.d.launcher,
        this.d.workerEntry,
        { type: 'predict', job },
        (m) => (m.type === 'predicted' ? m : undefined),
        `Prediction with ${source.label}`,
      );
      if (done.classes !== source.classes.length)
        throw new UserError(`${source.label} outputs ${done.classes} values per row but has ${source.classes.length} classes`);
      const bytes = fs.readFileSync(done.file);
      return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    } finally {
      fs.rmSync(jobDir, { recursive: true, force: true });
    }
  }
}

/** id (or path), predicted class, one `prob_<class>` column per class, and the model used. */
export function writePredictionsCsv(file: string, idColumn: string, classes: string[], modelRef: string, rows: PredictionRow[]): void {
  const header = [idColumn, 'predicted', ...classes.map((c) => `prob_${c}`), 'model_version'];
  const lines = [csvLine(header)];
  for (const r of rows) lines.push(csvLine([r.id, r.predicted, ...r.probabilities, modelRef]));
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, lines.join('\n') + '\n');
}
