import crypto from 'node:crypto';
import type { BlobStore } from '../files/blob-store';
import type { ExperimentActivityRow, ExperimentRepo } from '../runs/experiment-repo';
import type { MetricStore, StoredPoint } from '../runs/metric-store';
import type { RunRepo, RunRow } from '../runs/run-repo';
import type { Db } from '../store/database';
import type { CoreEvents } from '../events';
import { STATUS_TO_CAIRN, STATUS_TO_MLFLOW } from './mlflow-filter';
import { LoggedModels } from './logged-models';
import { directChildren, folderPrefix, type ArtifactEntry } from './artifact-listing';
import { fromMlflowExperimentId, toMlflowExperimentId } from './mlflow-ids';
import { clampMax, decodeToken, encodeToken, requireString, toRecord } from './mlflow-args';
import { compileExperimentFilter, compileExperimentOrder, compileRunFilter, compileRunOrder } from './mlflow-search-sql';
import { jsonDouble, unsafeArtifactPath, validateKeyValue, validateMetric } from './mlflow-validation';
import {
  LOG_BATCH_LIMITS,
  MAX_PARAM_VALUE_LENGTH,
  MAX_TAG_VALUE_LENGTH,
  MlflowError,
  type KeyValue,
  type MlflowDatasetInput,
  type MlflowExperiment,
  type MlflowMetric,
  type MlflowMetricOut,
  type MlflowModelOutput,
  type MlflowRun,
  type MlflowRunInfo,
  type MlflowRunStatus,
} from './mlflow-types';

// MLflow tracking semantics over Cairn's store: runs logged by a script appear in the same
// tables (and so in the app) as Cairn's own, marked source = 'mlflow'. The runs feature's
// repositories hold the SQL; MLflow's rules are here.

type ViewType = 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL';

const RUN_NAME_TAG = 'mlflow.runName';
const USER_TAG = 'mlflow.user';

export class TrackingService {
  /** MLflow 3's logged models; a run lists the ones it output. */
  readonly loggedModels: LoggedModels;
  private readonly experiments: ExperimentRepo;

  private readonly db: Db;
  private readonly runs: RunRepo;
  private readonly metrics: MetricStore;
  private readonly blobs: BlobStore;
  private readonly events: CoreEvents;

  constructor(deps: { db: Db; runs: RunRepo; metrics: MetricStore; blobs: BlobStore; events: CoreEvents }) {
    ({ db: this.db, runs: this.runs, metrics: this.metrics, blobs: this.blobs, events: this.events } = deps);
    this.experiments = this.runs.experimentRepo;
    this.loggedModels = new LoggedModels(this.db, this.runs, this.blobs, (runId) => this.emit(runId));
  }

  // ---- experiments

  createExperiment(name: string | undefined, tags: KeyValue[] = []): string {
    const n = requireString(name, 'name');
    for (const t of tags) validateKeyValue(t, 'tag', MAX_TAG_VALUE_LENGTH);
    if (this.experiments.byName(n)) throw new MlflowError('RESOURCE_ALREADY_EXISTS', `Experiment '${n}' already exists.`);
    return toMlflowExperimentId(this.experiments.create(n, toRecord(tags)));
  }

  getExperiment(id: string | undefined): MlflowExperiment {
    return toExperiment(this.experimentById(id));
  }

  getExperimentByName(name: string | undefined): MlflowExperiment {
    const row = this.experiments.byName(requireString(name, 'experiment_name'));
    if (!row) throw new MlflowError('RESOURCE_DOES_NOT_EXIST', `Could not find experiment with name '${name}'`);
    return toExperiment(row);
  }

  searchExperiments(req: { max_results?: number; page_token?: string; filter?: string; order_by?: string[]; view_type?: string }): {
    experiments: MlflowExperiment[];
    next_page_token?: string;
  } {
    const max = clampMax(req.max_results, 1000, 50000);
    const offset = decodeToken(req.page_token);
    const where = [{ sql: lifecycleSql('e.deleted_at IS NOT NULL', viewType(req.view_type)), params: [] as unknown[] }];
    const filter = compileExperimentFilter(req.filter);
    if (filter) where.push(filter);
    const rows = this.experiments.search(where, compileExperimentOrder(req.order_by), max + 1, offset);
    const more = rows.length > max;
    return { experiments: rows.slice(0, max).map(toExperiment), ...(more && { next_page_token: encodeToken(offset + max) }) };
  }

  updateExperiment(id: string | undefined, newName: string | undefined): void {
    const row = this.experimentById(id);
    const name = requireString(newName, 'new_name');
    if (row.deleted_at !== null) throw new MlflowError('INVALID_PARAMETER_VALUE', `Cannot rename a non-active experiment.`);
    const other = this.experiments.byName(name);
    if (other && other.id !== row.id) throw new MlflowError('RESOURCE_ALREADY_EXISTS', `Experiment '${name}' already exists.`);
    this.experiments.rename(row.id, name);
  }

  /** MLflow deletes experiments softly: their runs are kept, and restore brings both back. */
  setExperimentDeleted(id: string | undefined, deleted: boolean): void {
    const row = this.experimentById(id);
    if (deleted && row.id === fromMlflowExperimentId('0'))
      throw new MlflowError('INVALID_PARAMETER_VALUE', 'Cannot delete the default experiment (id 0). This is an internally reserved experiment.');
    if (deleted === (row.deleted_at !== null)) {
      throw new MlflowError(
        'INVALID_PARAMETER_VALUE',
        `Cannot ${deleted ? 'delete' : 'restore'} an experiment that is ${deleted ? 'already deleted' : 'active'}. Experiment id: ${toMlflowExperimentId(row.id)}`,
      );
    }
    this.experiments.setDeleted(row.id, deleted ? Date.now() : null);
  }

  setExperimentTag(id: string | undefined, key: string | undefined, value: string | undefined): void {
    const row = this.experimentById(id);
    if (row.deleted_at !== null)
      throw new MlflowError(
        'INVALID_PARAMETER_VALUE',
        `The experiment ${toMlflowExperimentId(row.id)} must be in the 'active' state. Current state is deleted.`,
      );
    validateKeyValue({ key: key as string, value: value as string }, 'tag', MAX_TAG_VALUE_LENGTH);
    this.experiments.setTags(row.id, { ...(JSON.parse(row.tags) as Record<string, string>), [String(key)]: String(value) });
  }

  // ---- runs

  createRun(req: { experiment_id?: string; user_id?: string; run_name?: string; start_time?: number; tags?: KeyValue[] }): MlflowRun {
    const experiment = this.experimentById(req.experiment_id ?? '0');
    if (experiment.deleted_at !== null)
      throw new MlflowError(
        'INVALID_PARAMETER_VALUE',
        `The experiment ${toMlflowExperimentId(experiment.id)} must be in the 'active' state. Current state is deleted.`,
      );
    for (const t of req.tags ?? []) validateKeyValue(t, 'tag', MAX_TAG_VALUE_LENGTH);
    const tags = toRecord(req.tags ?? []);
    const name = req.run_name || tags[RUN_NAME_TAG] || `run-${crypto.randomBytes(3).toString('hex')}`;
    tags[RUN_NAME_TAG] = name;
    const userId = req.user_id || tags[USER_TAG] || '';
    const id = this.runs.createLogged({ experimentId: experiment.id, name, tags, userId, startedAt: req.start_time ?? Date.now() });
    this.emit(id);
    return this.getRun(id);
  }

  getRun(id: string | undefined): MlflowRun {
    const row = this.runRow(id);
    return this.toRun(row);
  }

  updateRun(req: { run_id?: string; run_uuid?: string; status?: MlflowRunStatus; end_time?: number; run_name?: string }): MlflowRunInfo {
    const row = this.activeRun(req.run_id ?? req.run_uuid);
    if (req.status !== undefined && !(req.status in STATUS_TO_CAIRN)) throw new MlflowError('INVALID_PARAMETER_VALUE', `Invalid status '${req.status}'`);
    const status = req.status ? STATUS_TO_CAIRN[req.status] : row.status;
    const name = req.run_name ?? row.name;
    const tags = { ...(JSON.parse(row.tags) as Record<string, string>), [RUN_NAME_TAG]: name };
    this.runs.report(row.id, { status, endedAt: req.end_time ?? row.ended_at, name, tags });
    this.emit(row.id);
    return this.getRun(row.id).info;
  }

  /** MLflow deletes softly; so does Cairn, by archiving. */
  setDeleted(id: string | undefined, deleted: boolean): void {
    const row = this.writableRow(id);
    this.runs.update(row.id, { archived: deleted });
    this.emit(row.id);
  }

  logBatch(req: { run_id?: string; metrics?: MlflowMetric[]; params?: KeyValue[]; tags?: KeyValue[] }): void {
    const metrics = req.metrics ?? [];
    const params = req.params ?? [];
    const tags = req.tags ?? [];
    checkBatchLimit('metrics', LOG_BATCH_LIMITS.metrics, metrics.length);
    checkBatchLimit('params', LOG_BATCH_LIMITS.params, params.length);
    checkBatchLimit('tags', LOG_BATCH_LIMITS.tags, tags.length);
    checkBatchLimit('metrics, params, and tags', LOG_BATCH_LIMITS.total, metrics.length + params.length + tags.length);
    const row = this.activeRun(req.run_id);
    const points = metrics.map(validateMetric);
    const modelPoints = metrics.flatMap((m, i) =>
      m.model_id
        ? [{ ...points[i], modelId: String(m.model_id), runId: row.id, datasetName: m.dataset_name ?? null, datasetDigest: m.dataset_digest ?? null }]
        : [],
    );
    this.loggedModels.assertExist(modelPoints.map((p) => p.modelId));
    for (const p of params) validateKeyValue(p, 'parameter', MAX_PARAM_VALUE_LENGTH);
    for (const t of tags) validateKeyValue(t, 'tag', MAX_TAG_VALUE_LENGTH);
    const dupes = params.map((p) => p.key).filter((k, i, all) => all.indexOf(k) !== i);
    if (dupes.length) {
      throw new MlflowError(
        'INVALID_PARAMETER_VALUE',
        `Duplicate parameter keys have been submitted: ${JSON.stringify(dupes)}. Please ensure the request contains only one param value per param key.`,
      );
    }

    this.db.transaction(() => {
      if (params.length) {
        const current = JSON.parse(row.params) as Record<string, unknown>;
        for (const p of params) {
          const value = String(p.value);
          if (p.key in current && String(current[p.key]) !== value) {
            throw new MlflowError(
              'INVALID_PARAMETER_VALUE',
              `Changing param values is not allowed. Param with key='${p.key}' was already logged with value='${String(current[p.key])}' for run ID='${row.id}'. Attempted logging new value '${value}'.`,
            );
          }
          current[p.key] = value;
        }
        this.runs.setParams(row.id, current);
      }
      if (tags.length) {
        const current = JSON.parse(this.runRow(row.id).tags) as Record<string, string>;
        for (const t of tags) current[t.key] = String(t.value);
        this.runs.update(row.id, { tags: current, name: current[RUN_NAME_TAG] ?? row.name });
      }
      if (points.length) this.metrics.write(row.id, points);
      if (modelPoints.length) this.loggedModels.logMetrics(modelPoints);
    })();
    // Live charts draw finite points only; the rest are counted on the run (nonFiniteMetrics).
    const finite = points.filter((p) => Number.isFinite(p.value));
    if (finite.length) this.events.emit('run.metrics', { runId: row.id, points: finite });
    if (params.length || tags.length || finite.length < points.length) this.emit(row.id);
  }

  deleteTag(id: string | undefined, key: string | undefined): void {
    const row = this.activeRun(id);
    const k = requireString(key, 'key');
    const tags = JSON.parse(row.tags) as Record<string, string>;
    if (!(k in tags)) throw new MlflowError('RESOURCE_DOES_NOT_EXIST', `No tag with name: ${k} in run with id ${row.id}`);
    delete tags[k];
    this.runs.update(row.id, { tags });
    this.emit(row.id);
  }

  /**
   * runs/log-model (the client calls it after uploading a model folder): the MLmodel, less its
   * signature and input example, appended to the run's `mlflow.log-model.history` tag as MLflow's
   * store keeps it, so the run shows what models it logged.
   */
  logModel(id: string | undefined, modelJson: string | undefined): void {
    const row = this.activeRun(id);
    const text = requireString(modelJson, 'model_json');
    let model: Record<string, unknown>;
    try {
      model = JSON.parse(text) as Record<string, unknown>;
      if (!model || typeof model !== 'object' || Array.isArray(model)) throw new Error('not an object');
    } catch {
      throw new MlflowError('INVALID_PARAMETER_VALUE', `Malformed model info. \n ${text} \n is not a valid JSON.`);
    }
    const missing = ['artifact_path', 'flavors', 'utc_time_created', 'run_id'].filter((f) => !(f in model));
    if (missing.length)
      throw new MlflowError('INVALID_PARAMETER_VALUE', `Model json is missing mandatory fields: {${missing.map((f) => `'${f}'`).join(', ')}}`);
    const { signature: _signature, saved_input_example_info: _example, ...tagged } = model;
    const previous = (JSON.parse(row.tags) as Record<string, string>)[LOGGED_MODELS_TAG];
    const history = previous ? (JSON.parse(previous) as unknown[]) : [];
    this.logBatch({ run_id: row.id, tags: [{ key: LOGGED_MODELS_TAG, value: JSON.stringify([...history, tagged]) }] });
  }

  /** runs/outputs (MLflow 3): the logged models the run produced. */
  logOutputs(id: string | undefined, models: MlflowModelOutput[] | undefined): void {
    this.loggedModels.logOutputs(this.activeRun(id).id, models);
  }

  /** runs/log-inputs: the datasets (and, MLflow 3, logged models) a run used; logging one again (same name and digest) updates its tags. */
  logInputs(id: string | undefined, datasets: MlflowDatasetInput[] = [], models?: { model_id: string }[]): void {
    const row = this.activeRun(id);
    const modelIds = this.loggedModels.checkInputs(models);
    const checked = datasets.map((d) => {
      const ds = d?.dataset;
      for (const f of ['name', 'digest', 'source_type', 'source'] as const) {
        if (typeof ds?.[f] !== 'string' || ds[f] === '')
          throw new MlflowError('INVALID_PARAMETER_VALUE', `Missing value for required parameter 'dataset.${f}'.`);
      }
      for (const t of d.tags ?? []) validateKeyValue(t, 'tag', MAX_TAG_VALUE_LENGTH);
      return { ds, tags: d.tags ?? [] };
    });
    this.db.transaction(() => {
      this.runs.addInputs(
        row.id,
        checked.map(({ ds, tags }) => ({
          name: ds.name,
          digest: ds.digest,
          source_type: ds.source_type,
          source: ds.source,
          schema: ds.schema ?? null,
          profile: ds.profile ?? null,
          context: tags.find((t) => t.key === DATASET_CONTEXT_TAG)?.value ?? null,
          tags: JSON.stringify(tags),
        })),
      );
      this.loggedModels.logInputs(row.id, modelIds);
    })();
    this.emit(row.id);
  }

  /** Every point of one metric, NaN and ±Infinity included, in step order; paged when max_results is given. */
  metricHistory(
    id: string | undefined,
    key: string | undefined,
    page: { max_results?: number; page_token?: string } = {},
  ): { metrics: MlflowMetricOut[]; next_page_token?: string } {
    const row = this.runRow(id);
    const k = requireString(key, 'metric_key');
    const offset = decodeToken(page.page_token);
    const max = page.max_results === undefined ? -1 : clampMax(page.max_results, 25000, 25000);
    const rows = this.metrics.history(row.id, k, max < 0 ? -1 : max + 1, offset);
    const more = max >= 0 && rows.length > max;
    return { metrics: rows.slice(0, more ? max : undefined).map(toMetricOut), ...(more && { next_page_token: encodeToken(offset + max) }) };
  }

  /**
   * metrics/get-history-bulk-interval, as MLflow's handler: the steps any of the runs logged in
   * [start_step, end_step] (default 0 to the last), sampled evenly to max_results, plus each run's
   * first and last step; every run's points at those steps.
   */
  metricHistoryBulkInterval(req: { run_ids?: string[]; metric_key?: string; start_step?: number; end_step?: number; max_results?: number }): {
    metrics: (MlflowMetricOut & { run_id: string })[];
  } {
    const runIds = req.run_ids ?? [];
    if (runIds.length === 0) throw new MlflowError('INVALID_PARAMETER_VALUE', "Missing value for required parameter 'run_ids'.");
    if (runIds.length > 100)
      throw new MlflowError(
        'INVALID_PARAMETER_VALUE',
        `GetMetricHistoryBulkInterval request must specify at most 100 run_ids. Received ${runIds.length} run_ids.`,
      );
    const max = req.max_results === undefined ? 2500 : Number(req.max_results);
    if (!Number.isInteger(max) || max < 1 || max > 2500) throw new MlflowError('INVALID_PARAMETER_VALUE', 'max_results must be between 1 and 2500.');
    let { start_step: lo, end_step: hi } = req;
    if ((lo === undefined) !== (hi === undefined))
      throw new MlflowError('INVALID_PARAMETER_VALUE', 'If either start step or end step are specified, both must be specified.');
    if (lo !== undefined && hi !== undefined && lo > hi)
      throw new MlflowError('INVALID_PARAMETER_VALUE', `end_step must be greater than start_step. Found start_step=${lo} and end_step=${hi}.`);
    const histories = runIds.map((id) => ({ id, points: this.metricHistory(id, req.metric_key).metrics }));
    const all = [...new Set(histories.flatMap((h) => h.points.map((p) => p.step)))].sort((a, b) => a - b);
    lo ??= 0;
    hi ??= all.length ? all[all.length - 1] : 0;
    const keep = sampleSteps(all, lo, hi, max);
    for (const h of histories) {
      if (!h.points.length) continue;
      const first = h.points[0].step;
      const last = h.points[h.points.length - 1].step;
      for (const edge of [first, last]) if (edge >= lo && edge <= hi) keep.add(edge);
    }
    return { metrics: histories.flatMap((h) => h.points.filter((p) => keep.has(p.step)).map((p) => ({ ...p, run_id: h.id }))) };
  }

  searchRuns(req: { experiment_ids?: string[]; filter?: string; run_view_type?: string; max_results?: number; order_by?: string[]; page_token?: string }): {
    runs: MlflowRun[];
    next_page_token?: string;
  } {
    const max = clampMax(req.max_results, 1000, 50000);
    const offset = decodeToken(req.page_token);
    const expIds = (req.experiment_ids ?? []).map((e) => fromMlflowExperimentId(String(e)));
    const where = [{ sql: lifecycleSql('r.archived = 1', viewType(req.run_view_type)), params: [] as unknown[] }];
    if (expIds.length) where.push({ sql: `r.experiment_id IN (${expIds.map(() => '?').join(', ')})`, params: expIds });
    const filter = compileRunFilter(req.filter);
    if (filter) where.push(filter);
    const ids = this.runs.searchIds(where, compileRunOrder(req.order_by), max + 1, offset);
    const more = ids.length > max;
    return { runs: ids.slice(0, max).map((id) => this.getRun(id)), ...(more && { next_page_token: encodeToken(offset + max) }) };
  }

  // ---- artifacts

  putArtifact(runId: string, relPath: string, data: Buffer): void {
    const row = this.writableRow(runId);
    const hash = this.blobs.put(data);
    const name = `${ARTIFACTS}${relPath}`;
    const old = this.runs.artifact(row.id, name);
    this.runs.setArtifact(row.id, name, hash);
    if (old && old !== hash) this.blobs.releaseIfUnused(old);
  }

  getArtifact(runId: string, relPath: string): Buffer {
    const row = this.runRow(runId);
    const hash = this.runs.artifact(row.id, `${ARTIFACTS}${relPath}`);
    if (!hash) throw new MlflowError('RESOURCE_DOES_NOT_EXIST', `No artifact at '${relPath}' in run ${row.id}`);
    return this.blobs.read(hash);
  }

  /** The direct children of a folder of a run's artifacts, MLflow's list answer. */
  listArtifacts(runId: string, dir: string): ArtifactEntry[] {
    const row = this.runRow(runId);
    const all = this.runs.artifactsUnder(row.id, `${ARTIFACTS}${folderPrefix(dir)}`).map((a) => ({ name: a.name.slice(ARTIFACTS.length), size: a.size }));
    return directChildren(all, dir);
  }

  /** artifacts/list: a folder's direct children with paths from the artifact root, as MLflow's tracking server lists them. */
  listArtifactsPage(
    runId: string | undefined,
    dir: string,
    pageToken: string | undefined,
  ): { root_uri: string; files: { path: string; is_dir: boolean; file_size?: number }[]; next_page_token?: string } {
    const row = this.runRow(runId);
    if (unsafeArtifactPath(dir)) {
      throw new MlflowError('INVALID_PARAMETER_VALUE', `Invalid path: ${dir}`);
    }
    const offset = decodeToken(pageToken);
    const all = this.listArtifacts(row.id, dir);
    const files = all.slice(offset, offset + ARTIFACT_PAGE);
    const root = `mlflow-artifacts:/${toMlflowExperimentId(row.experiment_id)}/${row.id}/artifacts`;
    return { root_uri: root, files, ...(offset + ARTIFACT_PAGE < all.length && { next_page_token: encodeToken(offset + ARTIFACT_PAGE) }) };
  }

  // ---- helpers

  private toRun(row: RunRow): MlflowRun {
    // MLflow's latest_metrics: each key's latest point by step then time, NaN included.
    const latest = this.metrics.latest(row.id);
    const params = Object.entries(JSON.parse(row.params) as Record<string, unknown>).map(([key, value]) => ({ key, value: String(value) }));
    const tags = Object.entries(JSON.parse(row.tags) as Record<string, string>).map(([key, value]) => ({ key, value: String(value) }));
    const experimentId = toMlflowExperimentId(row.experiment_id);
    const info: MlflowRunInfo = {
      run_id: row.id,
      run_uuid: row.id,
      run_name: row.name,
      experiment_id: experimentId,
      user_id: row.user_id ?? '',
      status: STATUS_TO_MLFLOW[row.status],
      start_time: row.started_at ?? row.created_at,
      ...(row.ended_at !== null && { end_time: row.ended_at }),
      artifact_uri: `mlflow-artifacts:/${experimentId}/${row.id}/artifacts`,
      lifecycle_stage: row.archived ? 'deleted' : 'active',
    };
    const inputs = this.datasetInputs(row.id);
    const modelInputs = this.loggedModels.inputsOf(row.id);
    const outputs = this.loggedModels.outputsOf(row.id);
    return {
      info,
      data: { metrics: latest.map(toMetricOut), params, tags },
      inputs: { ...(inputs.length > 0 && { dataset_inputs: inputs }), ...(modelInputs.length > 0 && { model_inputs: modelInputs }) },
      outputs: outputs.length ? { model_outputs: outputs } : {},
    };
  }

  private datasetInputs(runId: string): MlflowDatasetInput[] {
    return this.runs.inputs(runId).map((r) => ({
      tags: JSON.parse(r.tags) as KeyValue[],
      dataset: {
        name: r.name,
        digest: r.digest,
        source_type: r.source_type,
        source: r.source,
        ...(r.schema !== null && { schema: r.schema }),
        ...(r.profile !== null && { profile: r.profile }),
      },
    }));
  }

  private runRow(id: string | undefined): RunRow {
    const runId = requireString(id, 'run_id');
    const row = this.runs.find(runId);
    if (!row) throw new MlflowError('RESOURCE_DOES_NOT_EXIST', `Run '${runId}' not found`);
    return row;
  }

  /** A run pulled from a team server (`cairn pull`) is read-only here, through this API too. */
  private writableRow(id: string | undefined): RunRow {
    const row = this.runRow(id);
    try {
      this.runs.assertWritable(row.id);
    } catch (err) {
      throw new MlflowError('INVALID_STATE', (err as Error).message);
    }
    return row;
  }

  /** A run that may be logged to: MLflow refuses a deleted one (_check_run_is_active). */
  private activeRun(id: string | undefined): RunRow {
    const row = this.writableRow(id);
    if (row.archived) throw new MlflowError('INVALID_PARAMETER_VALUE', `The run ${row.id} must be in the 'active' state. Current state is deleted.`);
    return row;
  }

  private experimentById(id: string | undefined): ExperimentActivityRow {
    const given = requireString(id, 'experiment_id');
    const row = this.experiments.byId(fromMlflowExperimentId(given));
    if (!row) throw new MlflowError('RESOURCE_DOES_NOT_EXIST', `No Experiment with id=${given} exists`);
    return row;
  }

  private emit(runId: string): void {
    const run = this.runs.summary(runId);
    this.events.emit('run.status', { runId, status: run.status, error: null, run });
  }
}

/** Where a run's MLflow artifacts are stored among its files. */
const ARTIFACTS = 'artifacts/';

const DATASET_CONTEXT_TAG = 'mlflow.data.context';
const LOGGED_MODELS_TAG = 'mlflow.log-model.history';
/** Entries per artifacts/list answer; the rest come with next_page_token. */
const ARTIFACT_PAGE = 1000;

function toMetricOut(p: StoredPoint): MlflowMetricOut {
  return { key: p.key, value: typeof p.value === 'string' ? p.value : jsonDouble(p.value), timestamp: p.time, step: p.step };
}

/** MLflow's _get_sampled_steps_from_steps: `max` steps of the sorted `all` within [lo, hi], evenly spaced, and the last. */
function sampleSteps(all: number[], lo: number, hi: number, max: number): Set<number> {
  const inRange = all.filter((s) => s >= lo && s <= hi);
  if (inRange.length <= max) return new Set(inRange);
  const start = all.indexOf(inRange[0]);
  const out = new Set<number>();
  const interval = inRange.length / max;
  // MLflow compares the index with the count in range, not the end index; kept as it is.
  for (let i = 0; i < max; i++) {
    const idx = start + Math.floor(i * interval);
    if (idx < inRange.length) out.add(all[idx]);
  }
  out.add(inRange[inRange.length - 1]);
  return out;
}

function viewType(v: string | undefined): ViewType {
  const t = (v ?? 'ACTIVE_ONLY').toUpperCase();
  if (t !== 'ACTIVE_ONLY' && t !== 'DELETED_ONLY' && t !== 'ALL')
    throw new MlflowError('INVALID_PARAMETER_VALUE', `Invalid view type '${v}': use ACTIVE_ONLY, DELETED_ONLY or ALL`);
  return t;
}

function lifecycleSql(deleted: string, view: ViewType): string {
  return view === 'ALL' ? '1' : view === 'DELETED_ONLY' ? deleted : `NOT (${deleted})`;
}

function checkBatchLimit(entity: string, limit: number, length: number): void {
  if (length > limit) {
    throw new MlflowError(
      'INVALID_PARAMETER_VALUE',
      `A batch logging request can contain at most ${limit} ${entity}. Got ${length} ${entity}. Please split up ${entity} across multiple requests and try again.`,
    );
  }
}

function toExperiment(r: ExperimentActivityRow): MlflowExperiment {
  const id = toMlflowExperimentId(r.id);
  return {
    experiment_id: id,
    name: r.name,
    artifact_location: `mlflow-artifacts:/${id}`,
    lifecycle_stage: r.deleted_at === null ? 'active' : 'deleted',
    last_update_time: r.last_run ?? r.created_at,
    creation_time: r.created_at,
    tags: Object.entries(JSON.parse(r.tags) as Record<string, string>).map(([key, value]) => ({ key, value })),
  };
}
