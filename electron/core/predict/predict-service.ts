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
import { LineFile, writeJsonLines } from '../files/line-file';
import { writePredictInputs } from './predict-inputs';
import type { ModelInput } from './table-rows';
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
    const spec = source.preprocessing;
    if (!spec) throw new UserError(`${source.label} has no preprocessing recorded, so new data can't be prepared for it`, 'conflict');
    const kind = spec.kind === 'tabular' ? 'tabular' : 'images';
    const { probs, written: inputs } = await this.runWith(source, req.engine, kind, (file) => writePredictInputs(req.input, spec, file));
    const k = source.classes.length;
    const row = (i: number): PredictionRow => {
      const p = Array.from(probs.subarray(i * k, (i + 1) * k));
      return { id: inputs.ids[i], predicted: source.classes[argmax(p)], probabilities: p };
    };
    const modelRef = source.model ? `${source.model.name}@${source.model.version}` : source.runId!;
    if (req.out) writePredictionsCsv(req.out, inputs.idColumn, source.classes, modelRef, inputs.ids.length, row);
    return {
      model: { label: source.label, name: source.model?.name ?? null, version: source.model?.version ?? null, runId: source.runId },
      classes: source.classes,
      rows: inputs.ids.length,
      out: req.out ? path.resolve(req.out) : null,
      predictions: Array.from({ length: Math.min(req.preview, inputs.ids.length) }, (_, i) => row(i)),
    };
  }

  /** Row-major probabilities [inputs, classes] for `{ rows }` in the training column order or `{ paths }` of images (a dataset's own items, say). */
  async run(source: ModelSource, engine: EngineChoice, input: ModelInput): Promise<Float32Array> {
    const values = 'rows' in input ? input.rows : input.paths;
    return (await this.runWith(source, engine, 'rows' in input ? 'tabular' : 'images', (file) => writeJsonLines(file, values))).probs;
  }

  /** Runs the model in a worker on the inputs `write` puts in the job's input file (JSON Lines, see PredictJob), as it reads them. */
  async runWith<T>(
    source: ModelSource,
    engine: EngineChoice,
    kind: PredictJob['input']['kind'],
    write: (file: string) => T | Promise<T>,
  ): Promise<{ probs: Float32Array; written: T }> {
    const jobDir = jobScratchPath(this.d.jobsDir, 'predict');
    try {
      const modelDir = path.join(jobDir, 'model');
      restoreModelDir(modelDir, { topology: source.files[MODEL_TOPOLOGY], weights: source.files[MODEL_WEIGHTS] }, this.d.blobs);
      const inputFile = path.join(jobDir, 'input.jsonl');
      const written = await write(inputFile);
      const job: PredictJob = {
        jobDir,
        modelDir,
        engine,
        preprocessing: source.preprocessing,
        input: { kind, file: inputFile },
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
      return { probs: new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)), written };
    } finally {
      fs.rmSync(jobDir, { recursive: true, force: true });
    }
  }
}

/** id (or path), predicted class, one `prob_<class>` column per class, and the model used; rows made as they are written. */
export function writePredictionsCsv(
  file: string,
  idColumn: string,
  classes: string[],
  modelRef: string,
  rows: number,
  row: (i: number) => PredictionRow,
): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const out = new LineFile(file);
  try {
    out.add(csvLine([idColumn, 'predicted', ...classes.map((c) => `prob_${c}`), 'model_version']));
    for (let i = 0; i < rows; i++) {
      const r = row(i);
      out.add(csvLine([r.id, r.predicted, ...r.probabilities, modelRef]));
    }
  } finally {
    out.close();
  }
}
