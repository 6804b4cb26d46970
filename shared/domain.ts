// Domain types shared by core, worker, CLI and renderer. Plain data only: everything here
// crosses a process boundary as JSON.

export const RUN_STATUSES = ['queued', 'running', 'finished', 'failed', 'cancelled', 'interrupted'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const ENGINES = ['node-gpu', 'webgpu', 'node', 'wasm', 'cpu'] as const;
export type EngineName = (typeof ENGINES)[number];
export type EngineChoice = EngineName | 'auto';

/** The rows an evaluation scores: a part of the version's stored split, or all of it. */
export const EVAL_SPLITS = ['test', 'validation', 'train', 'all'] as const;
export type EvalSplit = (typeof EVAL_SPLITS)[number];

/** What the worker actually ran on. `device` is 'gpu' only when TensorFlow reported a GPU in use. */
export interface EngineInfo {
  engine: EngineName;
  device: 'gpu' | 'cpu';
  backend: string;
  tfjsVersion: string;
  /** Why a preferred engine was skipped, e.g. "node-gpu: module not installed". */
  fallbacks: string[];
  /** The WebGPU adapter trained on (webgpu engine only); a software one runs on the CPU. */
  adapter?: GpuAdapterInfo;
}

export interface GpuAdapterInfo {
  vendor: string;
  architecture: string;
  description: string;
  /** A CPU implementation of the GPU API (SwiftShader, lavapipe, llvmpipe, WARP). */
  software: boolean;
}

export interface Experiment {
  id: number;
  name: string;
  createdAt: number;
  runCount: number;
  lastRunAt: number | null;
}

export interface MetricSummary {
  last: number;
  min: number;
  max: number;
  step: number;
}

export interface RunSummary {
  id: string;
  name: string;
  experimentId: number;
  experimentName: string;
  status: RunStatus;
  modelType: string;
  engine: string | null;
  device: string | null;
  seed: number;
  params: Record<string, string | number | boolean | null>;
  tags: Record<string, string>;
  starred: boolean;
  archived: boolean;
  datasetName: string | null;
  datasetVersion: number | null;
  createdAt: number;
  startedAt: number | null;
  endedAt: number | null;
  /** Per metric key (epoch-level keys only): last, min, max. */
  metrics: Record<string, MetricSummary>;
  /** Per metric key, NaN or ±Infinity points left out of `metrics` (and of charts); absent when none. */
  nonFiniteMetrics?: Record<string, number>;
  progress: RunProgress | null;
  /** The tracking server a run was pulled from (`cairn pull`); such a run is read-only here. */
  origin: string | null;
}

/** Where and with what a run trained, recorded at its start so it can be reproduced or explained. */
export interface RunEnvironment {
  app: string;
  node: string;
  electron: string | null;
  os: string;
  cpu: string;
  cores: number;
  memoryGb: number;
  gpus: string[];
  libraries: Record<string, string | null>;
  datasetHash: string;
}

/** One page of the runs table, sorted and filtered in the core. */
export interface RunPage {
  total: number;
  offset: number;
  runs: RunSummary[];
  /** On the first page: filter keys no run in scope has, each with the nearest keys that exist. */
  warnings: string[];
}

/** What the runs table can show as columns or sort by. */
export interface RunColumns {
  params: string[];
  metrics: string[];
  tags: string[];
}

export interface RunDetail extends RunSummary {
  notes: string;
  error: string | null;
  config: import('./training/config').TrainConfig;
  datasetVersionId: number | null;
  checkpointEpoch: number | null;
  artifacts: { name: string; hash: string; size: number }[];
  preprocessing: unknown;
  engineInfo: EngineInfo | null;
  classes: string[];
  environment: RunEnvironment | null;
  sweepId: number | null;
  /** Datasets an MLflow client logged as the run's inputs (mlflow.log_input). */
  inputs: RunDatasetInput[];
}

/** A model an MLflow 3 client logged from the run (mlflow.<flavor>.log_model), shown on its page. */
export interface RunLoggedModel {
  id: string;
  name: string;
  status: 'LOGGED_MODEL_PENDING' | 'LOGGED_MODEL_READY' | 'LOGGED_MODEL_UPLOAD_FAILED';
  modelType: string | null;
  createdAt: number;
  /** The MLmodel file's text, once uploaded. */
  mlmodel: string | null;
  files: { name: string; size: number }[];
}

export interface RunDatasetInput {
  name: string;
  digest: string;
  sourceType: string;
  source: string;
  /** JSON text, as the client sent it. */
  schema: string | null;
  profile: string | null;
  /** `mlflow.data.context`: training, validation, … */
  context: string | null;
}

export interface RunProgress {
  epoch: number;
  epochs: number;
  batch: number;
  batchesPerEpoch: number;
  /** Milliseconds left, estimated from the pace so far; null until one batch has finished. */
  etaMs: number | null;
  samplesPerSec: number | null;
}

export interface MetricPoint {
  key: string;
  step: number;
  value: number;
  time: number;
}

export interface MetricSeries {
  runId: string;
  key: string;
  steps: number[];
  values: number[];
  times: number[];
}

export type ColumnType = 'numeric' | 'categorical' | 'text' | 'image';

export interface ColumnInfo {
  name: string;
  type: ColumnType;
  missing: number;
  distinct: number;
}

export type DatasetKind = 'tabular' | 'images';

export interface DatasetVersionInfo {
  id: number;
  datasetId: number;
  version: number;
  hash: string;
  kind: DatasetKind;
  rows: number;
  columns: ColumnInfo[];
  labelColumn: string | null;
  classes: string[];
  source: string;
  createdAt: number;
}

export interface DatasetInfo {
  id: number;
  name: string;
  createdAt: number;
  latest: DatasetVersionInfo;
  versionCount: number;
}
