// MLflow's REST shapes (https://mlflow.org/docs/latest/rest-api.html), as its Python client sends and reads them.

export type MlflowRunStatus = 'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED';

export interface KeyValue {
  key: string;
  value: string;
}

/** A metric as a client sends it: the value may be a string ("NaN", "Infinity", "-Infinity" or a number's text). */
export interface MlflowMetric {
  key: string;
  value: number | string;
  timestamp: number;
  step: number;
  /** MLflow 3: the logged model the metric measures, and the dataset it was measured on. */
  model_id?: string;
  dataset_name?: string;
  dataset_digest?: string;
}

/** A metric as answered: protobuf's JSON writes non-finite doubles as these strings. */
export interface MlflowMetricOut {
  key: string;
  value: number | 'NaN' | 'Infinity' | '-Infinity';
  timestamp: number;
  step: number;
}

export interface MlflowDatasetInput {
  tags?: KeyValue[];
  dataset: { name: string; digest: string; source_type: string; source: string; schema?: string; profile?: string };
}

export interface MlflowExperiment {
  experiment_id: string;
  name: string;
  artifact_location: string;
  lifecycle_stage: 'active' | 'deleted';
  last_update_time: number;
  creation_time: number;
  tags: KeyValue[];
}

export interface MlflowRunInfo {
  run_id: string;
  run_uuid: string;
  run_name: string;
  experiment_id: string;
  user_id: string;
  status: MlflowRunStatus;
  start_time: number;
  end_time?: number;
  artifact_uri: string;
  lifecycle_stage: 'active' | 'deleted';
}

export interface MlflowRun {
  info: MlflowRunInfo;
  data: { metrics: MlflowMetricOut[]; params: KeyValue[]; tags: KeyValue[] };
  /** model_inputs (MLflow 3): logged models the run used. */
  inputs: { dataset_inputs?: MlflowDatasetInput[]; model_inputs?: { model_id: string }[] };
  /** MLflow 3: the logged models the run produced (`runs/outputs`). */
  outputs: { model_outputs?: MlflowModelOutput[] };
}

export interface MlflowModelOutput {
  model_id: string;
  step: number;
}

/** MLflow 3's LoggedModelStatus, as protobuf's JSON names it. */
export type MlflowLoggedModelStatus = 'LOGGED_MODEL_PENDING' | 'LOGGED_MODEL_READY' | 'LOGGED_MODEL_UPLOAD_FAILED';

/** MLflow 3's LoggedModel: info (identity, status, tags) and data (params, linked metrics). */
export interface MlflowLoggedModel {
  info: {
    model_id: string;
    experiment_id: string;
    name: string;
    creation_timestamp_ms: number;
    last_updated_timestamp_ms: number;
    artifact_uri: string;
    status: MlflowLoggedModelStatus;
    model_type?: string;
    source_run_id?: string;
    status_message?: string;
    tags: KeyValue[];
  };
  data: { params: KeyValue[]; metrics: (MlflowMetricOut & { model_id: string; run_id?: string; dataset_name?: string; dataset_digest?: string })[] };
}

export type MlflowErrorCode =
  | 'RESOURCE_DOES_NOT_EXIST'
  | 'RESOURCE_ALREADY_EXISTS'
  | 'INVALID_PARAMETER_VALUE'
  | 'ENDPOINT_NOT_FOUND'
  | 'INVALID_STATE'
  | 'UNAUTHENTICATED'
  | 'INTERNAL_ERROR'
  | 'TEMPORARILY_UNAVAILABLE';

/** An error answered as `{error_code, message}` with the HTTP status MLflow uses for it. */
export class MlflowError extends Error {
  constructor(
    readonly code: MlflowErrorCode,
    message: string,
  ) {
    super(message);
  }

  get status(): number {
    switch (this.code) {
      case 'RESOURCE_DOES_NOT_EXIST':
      case 'ENDPOINT_NOT_FOUND':
        return 404;
      case 'UNAUTHENTICATED':
        return 401;
      case 'INTERNAL_ERROR':
        return 500;
      // MLflow's clients retry this status.
      case 'TEMPORARILY_UNAVAILABLE':
        return 503;
      default:
        return 400;
    }
  }
}

/** Limits of log-batch, as MLflow documents and enforces them. */
export const LOG_BATCH_LIMITS = { metrics: 1000, params: 100, tags: 100, total: 1000 } as const;
/** Longest param value MLflow accepts (6000 since MLflow 2.x). */
export const MAX_PARAM_VALUE_LENGTH = 6000;
export const MAX_TAG_VALUE_LENGTH = 8000;
export const MAX_KEY_LENGTH = 250;
