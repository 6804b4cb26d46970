import crypto from 'node:crypto';
import type { RunLoggedModel } from '../../../shared/domain';
import type { BlobStore } from '../files/blob-store';
import type { RunRepo } from '../runs/run-repo';
import type { Db } from '../store/database';
import { directChildren, folderPrefix, type ArtifactEntry } from './artifact-listing';
import { compileLoggedModelFilter, compileLoggedModelOrder, statusName, type LoggedModelOrder } from './logged-model-search-sql';
import { clampMax, decodeToken, encodeToken, requireString, toRecord } from './mlflow-args';
import { fromMlflowExperimentId, toMlflowExperimentId } from './mlflow-ids';
import { jsonDouble, unsafeArtifactPath, validateKeyValue } from './mlflow-validation';
import {
  MAX_PARAM_VALUE_LENGTH,
  MAX_TAG_VALUE_LENGTH,
  MlflowError,
  type KeyValue,
  type MlflowLoggedModel,
  type MlflowLoggedModelStatus,
  type MlflowModelOutput,
} from './mlflow-types';

// MLflow 3's logged models (mlflow.<flavor>.log_model creates one, uploads its files below its
// artifact_uri through mlflow-artifacts, then finalizes it READY), kept in Cairn's store.

/** A row of `logged_models` as read (deleted ones, and so deleted_at, never are); this file is the table's repository and service. */
export interface LoggedModelRow {
  id: string;
  experiment_id: number;
  name: string;
  model_type: string | null;
  source_run_id: string | null;
  status: 'PENDING' | 'READY' | 'FAILED';
  status_message: string | null;
  params: string;
  tags: string;
  created_at: number;
  updated_at: number;
}

/** A metric point logged against a model, checked by the caller. */
export interface ModelMetricPoint {
  modelId: string;
  key: string;
  value: number;
  time: number;
  step: number;
  runId: string;
  datasetName: string | null;
  datasetDigest: string | null;
}

const STATUS_OUT: Record<LoggedModelRow['status'], MlflowLoggedModelStatus> = {
  PENDING: 'LOGGED_MODEL_PENDING',
  READY: 'LOGGED_MODEL_READY',
  FAILED: 'LOGGED_MODEL_UPLOAD_FAILED',
};
const SELECT = 'SELECT id, experiment_id, name, model_type, source_run_id, status, status_message, params, tags, created_at, updated_at FROM logged_models m';
/** search_logged_models' default page, and the most one page may hold. */
const SEARCH_DEFAULT = 100;
const SEARCH_MAX = 1000;
const ARTIFACT_PAGE = 1000;

export class LoggedModels {
  constructor(
    private readonly db: Db,
    private readonly runs: RunRepo,
    private readonly blobs: BlobStore,
    /** Tells the app a run changed (its models did), so an open run page refreshes. */
    private readonly runChanged: (runId: string) => void,
  ) {}

  create(req: {
    experiment_id?: string;
    name?: string;
    model_type?: string;
    source_run_id?: string;
    params?: KeyValue[];
    tags?: KeyValue[];
  }): MlflowLoggedModel {
    const expId = requireString(req.experiment_id, 'experiment_id');
    const experiment = this.runs.experimentRepo.byId(fromMlflowExperimentId(expId));
    if (!experiment) throw new MlflowError('RESOURCE_DOES_NOT_EXIST', `No Experiment with id=${expId} exists`);
    if (experiment.deleted_at !== null)
      throw new MlflowError('INVALID_PARAMETER_VALUE', `The experiment ${expId} must be in the 'active' state. Current state is deleted.`);
    const runId = req.source_run_id || null;
    if (runId && !this.runs.exists(runId)) throw new MlflowError('RESOURCE_DOES_NOT_EXIST', `Run '${runId}' not found`);
    const params = checked(req.params ?? [], 'parameter');
    const tags = checked(req.tags ?? [], 'tag');
    const id = `m-${crypto.randomUUID().replace(/-/g, '')}`;
    const name = req.name || `model-${crypto.randomBytes(3).toString('hex')}`;
    const now = Date.now();
    this.db
      .prepare(
        'INSERT INTO logged_models (id, experiment_id, name, model_type, source_run_id, params, tags, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(id, experiment.id, name, req.model_type || null, runId, JSON.stringify(toRecord(params)), JSON.stringify(toRecord(tags)), now, now);
    if (runId) this.runChanged(runId);
    return this.get(id);
  }

  get(id: string | undefined): MlflowLoggedModel {
    return this.toModel(this.row(id));
  }

  /** PATCH logged-models/<id>: the client marks the upload done (READY) or failed. */
  finalize(id: string | undefined, status: unknown): MlflowLoggedModel {
    const row = this.row(id);
    const to = typeof status === 'number' ? (['', 'PENDING', 'READY', 'FAILED'][status] ?? '') : statusName(String(status ?? ''));
    if (to !== 'READY' && to !== 'FAILED')
      throw new MlflowError(
        'INVALID_PARAMETER_VALUE',
        `Invalid status '${String(status)}': a logged model is finalized as LOGGED_MODEL_READY or LOGGED_MODEL_UPLOAD_FAILED`,
      );
    this.touch(row, 'status = ?', to);
    return this.get(row.id);
  }

  delete(id: string | undefined): void {
    const row = this.row(id);
    this.touch(row, 'deleted_at = ?', Date.now());
  }

  setTags(id: string | undefined, tags: KeyValue[] = []): void {
    const row = this.row(id);
    const merged = { ...(JSON.parse(row.tags) as Record<string, string>), ...toRecord(checked(tags, 'tag')) };
    this.touch(row, 'tags = ?', JSON.stringify(merged));
  }

  deleteTag(id: string | undefined, key: string | undefined): void {
    const row = this.row(id);
    const k = requireString(key, 'tag_key');
    const tags = JSON.parse(row.tags) as Record<string, string>;
    if (!(k in tags)) throw new MlflowError('RESOURCE_DOES_NOT_EXIST', `No tag with key '${k}' found for logged model with ID '${row.id}'.`);
    delete tags[k];
    this.touch(row, 'tags = ?', JSON.stringify(tags));
  }

  /** Params are immutable once logged, as a run's are. */
  logParams(id: string | undefined, params: KeyValue[] = []): void {
    const row = this.row(id);
    const current = JSON.parse(row.params) as Record<string, string>;
    for (const p of checked(params, 'parameter')) {
      const value = String(p.value);
      if (p.key in current && current[p.key] !== value) {
        throw new MlflowError(
          'INVALID_PARAMETER_VALUE',
          `Changing param values is not allowed. Param with key='${p.key}' was already logged with value='${current[p.key]}' for logged model ID='${row.id}'. Attempted logging new value '${value}'.`,
        );
      }
      current[p.key] = value;
    }
    this.touch(row, 'params = ?', JSON.stringify(current));
  }

  search(req: { experiment_ids?: string[]; filter?: string; max_results?: number; order_by?: LoggedModelOrder[]; page_token?: string }): {
    models: MlflowLoggedModel[];
    next_page_token?: string;
  } {
    const expIds = (req.experiment_ids ?? []).map((e) => fromMlflowExperimentId(String(e)));
    if (!expIds.length) throw new MlflowError('INVALID_PARAMETER_VALUE', "Missing value for required parameter 'experiment_ids'.");
    const max = clampMax(req.max_results, SEARCH_DEFAULT, SEARCH_MAX);
    const offset = decodeToken(req.page_token);
    const where = ['m.deleted_at IS NULL', `m.experiment_id IN (${expIds.map(() => '?').join(', ')})`];
    const filter = compileLoggedModelFilter(req.filter);
    if (filter) where.push(filter.sql);
    const order = compileLoggedModelOrder(req.order_by);
    const rows = this.db
      .prepare(`${SELECT} WHERE ${where.join(' AND ')} ORDER BY ${order.sql} LIMIT ? OFFSET ?`)
      .all(...expIds, ...(filter?.params ?? []), ...order.params, max + 1, offset) as LoggedModelRow[];
    const more = rows.length > max;
    return { models: rows.slice(0, max).map((r) => this.toModel(r)), ...(more && { next_page_token: encodeToken(offset + max) }) };
  }

  /** Refuses, before anything is written, metrics that name a model that does not exist. */
  assertExist(ids: string[]): void {
    for (const id of new Set(ids)) this.row(id);
  }

  /** Metrics logged with a model_id: kept on the model too (the caller writes them to the run). */
  logMetrics(points: ModelMetricPoint[]): void {
    const insert = this.db.prepare(
      'INSERT INTO logged_model_metrics (model_id, key, value, time, step, run_id, dataset_name, dataset_digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (const p of points) insert.run(p.modelId, p.key, jsonDouble(p.value), p.time, p.step, p.runId, p.datasetName, p.datasetDigest);
  }

  /** runs/outputs: the run produced these models (at these steps). */
  logOutputs(runId: string, models: MlflowModelOutput[] = []): void {
    const list = models.map((m) => {
      if (!m || typeof m !== 'object') throw new MlflowError('INVALID_PARAMETER_VALUE', 'Invalid model output: expected {model_id, step}');
      const step = m.step === undefined || m.step === null ? 0 : Number(m.step);
      if (!Number.isInteger(step))
        throw new MlflowError('INVALID_PARAMETER_VALUE', `Got invalid step ${m.step} for model '${m.model_id}'. Step must be a valid long (64-bit integer).`);
      return { id: this.row(m.model_id).id, step };
    });
    const insert = this.db.prepare('INSERT OR IGNORE INTO run_model_outputs (run_id, model_id, step) VALUES (?, ?, ?)');
    this.db.transaction(() => list.forEach((m) => insert.run(runId, m.id, m.step)))();
    this.runChanged(runId);
  }

  /** runs/log-inputs' models (MLflow 3): logged models the run used; checked before the caller writes anything. */
  checkInputs(models: { model_id: string }[] = []): string[] {
    if (!Array.isArray(models)) throw new MlflowError('INVALID_PARAMETER_VALUE', 'Invalid models: expected a list of {model_id}');
    return models.map((m) => this.row(m?.model_id).id);
  }

  logInputs(runId: string, modelIds: string[]): void {
    const insert = this.db.prepare('INSERT OR IGNORE INTO run_model_inputs (run_id, model_id) VALUES (?, ?)');
    for (const id of modelIds) insert.run(runId, id);
  }

  inputsOf(runId: string): { model_id: string }[] {
    return this.db
      .prepare(
        'SELECT i.model_id FROM run_model_inputs i JOIN logged_models m ON m.id = i.model_id WHERE i.run_id = ? AND m.deleted_at IS NULL ORDER BY m.created_at, m.id',
      )
      .all(runId) as { model_id: string }[];
  }

  outputsOf(runId: string): MlflowModelOutput[] {
    return this.db
      .prepare(
        'SELECT o.model_id, o.step FROM run_model_outputs o JOIN logged_models m ON m.id = o.model_id WHERE o.run_id = ? AND m.deleted_at IS NULL ORDER BY m.created_at, o.step',
      )
      .all(runId) as MlflowModelOutput[];
  }

  /** The models a run made or output, for its page: identity, status, the MLmodel text and the files. */
  forRun(runId: string): RunLoggedModel[] {
    const rows = this.db
      .prepare(
        `${SELECT} WHERE m.deleted_at IS NULL AND (m.source_run_id = ? OR m.id IN (SELECT model_id FROM run_model_outputs WHERE run_id = ?)) ORDER BY m.created_at, m.id`,
      )
      .all(runId, runId) as LoggedModelRow[];
    return rows.map((r) => {
      const files = this.files(r.id, '');
      const mlmodel = files.find((f) => f.name === 'MLmodel');
      return {
        id: r.id,
        name: r.name,
        status: STATUS_OUT[r.status],
        modelType: r.model_type,
        createdAt: r.created_at,
        mlmodel: mlmodel ? this.blobs.read(mlmodel.hash).toString('utf8') : null,
        files: files.map(({ name, size }) => ({ name, size })),
      };
    });
  }

  // ---- files, below the model's artifact_uri

  putArtifact(id: string, rel: string, data: Buffer): void {
    const row = this.row(id);
    const hash = this.blobs.put(data);
    const old = this.db.prepare('SELECT file_hash FROM logged_model_files WHERE model_id = ? AND name = ?').pluck().get(row.id, rel) as string | undefined;
    this.db
      .prepare(
        'INSERT INTO logged_model_files (model_id, name, file_hash) VALUES (?, ?, ?) ON CONFLICT (model_id, name) DO UPDATE SET file_hash = excluded.file_hash',
      )
      .run(row.id, rel, hash);
    if (old && old !== hash) this.blobs.releaseIfUnused(old);
    if (row.source_run_id) this.runChanged(row.source_run_id);
  }

  getArtifact(id: string, rel: string): Buffer {
    const row = this.row(id);
    const hash = this.db.prepare('SELECT file_hash FROM logged_model_files WHERE model_id = ? AND name = ?').pluck().get(row.id, rel) as string | undefined;
    if (!hash) throw new MlflowError('RESOURCE_DOES_NOT_EXIST', `No artifact at '${rel}' in logged model ${row.id}`);
    return this.blobs.read(hash);
  }

  listArtifacts(id: string, dir: string): ArtifactEntry[] {
    const row = this.row(id);
    return directChildren(this.files(row.id, folderPrefix(dir)), dir);
  }

  /** logged-models/<id>/artifacts/directories, as MLflow's ListLoggedModelArtifacts. */
  listArtifactsPage(
    id: string | undefined,
    dir: string,
    pageToken: string | undefined,
  ): { root_uri: string; files: ArtifactEntry[]; next_page_token?: string } {
    const row = this.row(id);
    if (unsafeArtifactPath(dir)) throw new MlflowError('INVALID_PARAMETER_VALUE', `Invalid path: ${dir}`);
    const offset = decodeToken(pageToken);
    const all = this.listArtifacts(row.id, dir);
    return {
      root_uri: artifactUri(row),
      files: all.slice(offset, offset + ARTIFACT_PAGE),
      ...(offset + ARTIFACT_PAGE < all.length && { next_page_token: encodeToken(offset + ARTIFACT_PAGE) }),
    };
  }

  // ---- helpers

  /** A model's stored files whose names start with `prefix` ('' for all), by name, with their sizes. */
  private files(modelId: string, prefix: string): { name: string; size: number; hash: string }[] {
    const rows = this.db
      .prepare('SELECT name, file_hash AS hash FROM logged_model_files WHERE model_id = ? AND substr(name, 1, length(?)) = ? ORDER BY name')
      .all(modelId, prefix, prefix) as { name: string; hash: string }[];
    const sizes = this.blobs.sizes(rows.map((f) => f.hash));
    return rows.map((f) => ({ ...f, size: sizes.get(f.hash) ?? 0 }));
  }

  private row(id: string | undefined): LoggedModelRow {
    const modelId = requireString(id, 'model_id');
    const row = this.db.prepare(`${SELECT} WHERE m.id = ? AND m.deleted_at IS NULL`).get(modelId) as LoggedModelRow | undefined;
    if (!row) throw new MlflowError('RESOURCE_DOES_NOT_EXIST', `Logged model with ID '${modelId}' not found.`);
    return row;
  }

  private touch(row: LoggedModelRow, set: string, value: unknown): void {
    this.db.prepare(`UPDATE logged_models SET ${set}, updated_at = ? WHERE id = ?`).run(value, Date.now(), row.id);
    if (row.source_run_id) this.runChanged(row.source_run_id);
  }

  private toModel(r: LoggedModelRow): MlflowLoggedModel {
    const metrics = this.db
      .prepare('SELECT key, value, time, step, run_id, dataset_name, dataset_digest FROM logged_model_metrics WHERE model_id = ? ORDER BY key, step, time')
      .all(r.id) as {
      key: string;
      value: number | string;
      time: number;
      step: number;
      run_id: string | null;
      dataset_name: string | null;
      dataset_digest: string | null;
    }[];
    return {
      info: {
        model_id: r.id,
        experiment_id: toMlflowExperimentId(r.experiment_id),
        name: r.name,
        creation_timestamp_ms: r.created_at,
        last_updated_timestamp_ms: r.updated_at,
        artifact_uri: artifactUri(r),
        status: STATUS_OUT[r.status],
        ...(r.model_type !== null && { model_type: r.model_type }),
        ...(r.source_run_id !== null && { source_run_id: r.source_run_id }),
        ...(r.status_message !== null && { status_message: r.status_message }),
        tags: pairs(r.tags),
      },
      data: {
        params: pairs(r.params),
        metrics: metrics.map((m) => ({
          key: m.key,
          value: typeof m.value === 'string' ? (m.value as 'NaN') : jsonDouble(m.value),
          timestamp: m.time,
          step: m.step,
          model_id: r.id,
          ...(m.run_id !== null && { run_id: m.run_id }),
          ...(m.dataset_name !== null && { dataset_name: m.dataset_name }),
          ...(m.dataset_digest !== null && { dataset_digest: m.dataset_digest }),
        })),
      },
    };
  }
}

/** Where MLflow 3 puts a model's files: `<experiment artifact_location>/models/<model_id>/artifacts`. */
function artifactUri(r: LoggedModelRow): string {
  return `mlflow-artifacts:/${toMlflowExperimentId(r.experiment_id)}/models/${r.id}/artifacts`;
}

function pairs(json: string): KeyValue[] {
  return Object.entries(JSON.parse(json) as Record<string, string>).map(([key, value]) => ({ key, value: String(value) }));
}

function checked(kvs: KeyValue[], what: 'parameter' | 'tag'): KeyValue[] {
  if (!Array.isArray(kvs)) throw new MlflowError('INVALID_PARAMETER_VALUE', `Invalid ${what}s: expected a list of {key, value}`);
  for (const kv of kvs) validateKeyValue(kv, what, what === 'tag' ? MAX_TAG_VALUE_LENGTH : MAX_PARAM_VALUE_LENGTH);
  return kvs;
}
