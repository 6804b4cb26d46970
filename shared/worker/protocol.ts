import type { EngineChoice, EngineInfo, MetricPoint, RunProgress } from '../domain';
import type { TrainConfig } from '../training/config';

// Messages between the core and a training worker process (one process per job).
// The core writes the job's inputs into `jobDir`; the worker writes checkpoints and the final
// model back into it and reports by message. The worker never touches the database.

export interface TabularJobData {
  kind: 'tabular';
  /**
   * NDJSON file in jobDir: a first line `{"columns": [{name, type}]}`, then one line per labeled
   * row, `[label, [cell, ...]]`, in version order. Read a line at a time: tables may not fit as objects.
   */
  file: string;
}

export interface ImageJobData {
  kind: 'images';
  /** JSON file in jobDir: { items: { path: string; label: string }[] } with absolute paths. */
  file: string;
}

export interface JobSpec {
  runId: string;
  jobDir: string;
  config: TrainConfig;
  classes: string[];
  data: TabularJobData | ImageJobData;
  /**
   * Indices into the data file's rows to fit on and to validate on (the core's record of the
   * run's training rows); rows in neither are left out. Absent: config.validationSplit draws them.
   */
  split?: { train: number[]; val: number[] };
  /**
   * Continue an interrupted run from its last checkpoint. `systemStep`: the last step of its
   * `system/*` metrics (seconds of training), which the resumed ones count on from.
   */
  resume: { checkpointDir: string; epoch: number; preprocessing: unknown; systemStep: number } | null;
}

/**
 * Class probabilities for new inputs from a stored model. The core lays the model out in
 * `modelDir` and the inputs in `input.file`; the worker applies `preprocessing` exactly as
 * training did and writes row-major Float32 probabilities [rows, classes] to `out`.
 */
export interface PredictJob {
  jobDir: string;
  modelDir: string;
  preprocessing: unknown;
  engine: EngineChoice;
  /** JSON Lines, one input a line: tabular, a row's cells in the training column order; images, an image's path. */
  input: { kind: 'tabular' | 'images'; file: string };
  out: string;
}

/**
 * Out-of-fold probabilities: one model per fold, trained in turn with `config` on the other folds'
 * items (the same data preparation and training loop as a run) and predicting its own fold.
 * Nothing is kept but the probabilities: row-major Float32 [rows, classes] in `out`, in data order.
 */
export interface CrossValidateJob {
  jobDir: string;
  config: TrainConfig;
  classes: string[];
  data: TabularJobData | ImageJobData;
  /** The fold of each item of the data file, 0..folds-1. */
  folds: number[];
  out: string;
}

export type ToWorker =
  | { type: 'start'; job: JobSpec }
  | { type: 'predict'; job: PredictJob }
  | { type: 'crossValidate'; job: CrossValidateJob }
  | { type: 'cancel' }
  /** Load the engine `engine` resolves to, answer with `engine`, and exit: what this machine trains on. */
  | { type: 'probe'; engine: EngineChoice };

export type FromWorker =
  | { type: 'engine'; info: EngineInfo }
  | { type: 'prepared'; preprocessing: unknown; trainRows: number; valRows: number }
  | { type: 'metrics'; points: MetricPoint[] }
  | { type: 'progress'; progress: RunProgress }
  /** A complete checkpoint (weights + optimizer state) now sits in `dir`, after `epoch` epochs. */
  | { type: 'checkpoint'; dir: string; epoch: number }
  | { type: 'done'; status: 'finished' | 'cancelled'; modelDir: string | null; epochs: number }
  /** A predict job wrote `rows` x `classes` Float32 probabilities to `file`. */
  | { type: 'predicted'; file: string; rows: number; classes: number }
  /** Training progress of fold `fold` (0-based) of `folds` in a cross-validation job. */
  | { type: 'foldProgress'; fold: number; folds: number; progress: RunProgress }
  /** A cross-validation job wrote its out-of-fold probabilities, after `epochs` epochs over all folds. */
  | { type: 'crossValidated'; file: string; rows: number; classes: number; epochs: number }
  /** A cross-validation job stopped on cancel; it wrote nothing. */
  | { type: 'crossValidationCancelled' }
  | { type: 'error'; message: string };

/** File names inside a model or checkpoint folder written by the worker. */
export const MODEL_FILES = { topology: 'model.json', weights: 'weights.bin' } as const;
