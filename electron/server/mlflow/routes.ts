import type http from 'node:http';
import type { Services } from '../../core/services';
import { MlflowRegistry, registryError } from '../../core/tracking/mlflow-registry';
import { unsafeArtifactPath } from '../../core/tracking/mlflow-validation';
import type { TrackingService } from '../../core/tracking/tracking-service';
import { isBusy, isDiskFull } from '../../core/store/store-errors';
import {
  MlflowError,
  type KeyValue,
  type MlflowDatasetInput,
  type MlflowMetric,
  type MlflowModelOutput,
  type MlflowRunStatus,
} from '../../core/tracking/mlflow-types';
import type { LoggedModelOrder } from '../../core/tracking/logged-model-search-sql';

// The REST calls the Python `mlflow` client makes against a tracking server, so a script run
// with MLFLOW_TRACKING_URI=http://127.0.0.1:<port> logs into Cairn unchanged.

export const MLFLOW_PREFIX = '/api/2.0/mlflow/';
export const ARTIFACTS_PREFIX = '/api/2.0/mlflow-artifacts/artifacts';

type Args = Record<string, unknown>;
type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** What the routes reach: tracking, and Cairn's registry (through its MLflow face). */
export type MlflowServices = Pick<Services, 'tracking' | 'runs' | 'registry'>;

type Route = (api: { tracking: TrackingService; models: MlflowRegistry }, a: Args, method: Method) => unknown;

const s = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : String(v));
const n = (v: unknown): number | undefined => (v === undefined || v === null || v === '' ? undefined : Number(v));
const list = <T>(v: unknown): T[] | undefined => (v === undefined ? undefined : Array.isArray(v) ? (v as T[]) : [v as T]);
const runId = (a: Args) => s(a.run_id) ?? s(a.run_uuid);

// MLflow serves every get and search endpoint over GET (arguments in the query string), and
// searches over POST too; everything that changes state is POST.
const READ: Method[] = ['GET'];
const SEARCH: Method[] = ['GET', 'POST'];
const WRITE: Method[] = ['POST'];

const ROUTES: Record<string, { methods: Method[]; run: Route }> = {
  'experiments/create': { methods: WRITE, run: ({ tracking: t }, a) => ({ experiment_id: t.createExperiment(s(a.name), list<KeyValue>(a.tags)) }) },
  'experiments/get': { methods: READ, run: ({ tracking: t }, a) => ({ experiment: t.getExperiment(s(a.experiment_id)) }) },
  'experiments/get-by-name': { methods: READ, run: ({ tracking: t }, a) => ({ experiment: t.getExperimentByName(s(a.experiment_name)) }) },
  'experiments/search': {
    methods: SEARCH,
    run: ({ tracking: t }, a) =>
      t.searchExperiments({
        max_results: n(a.max_results),
        page_token: s(a.page_token),
        filter: s(a.filter),
        order_by: list<string>(a.order_by),
        view_type: s(a.view_type),
      }),
  },
  'experiments/update': { methods: WRITE, run: ({ tracking: t }, a) => (t.updateExperiment(s(a.experiment_id), s(a.new_name)), {}) },
  'experiments/delete': { methods: WRITE, run: ({ tracking: t }, a) => (t.setExperimentDeleted(s(a.experiment_id), true), {}) },
  'experiments/restore': { methods: WRITE, run: ({ tracking: t }, a) => (t.setExperimentDeleted(s(a.experiment_id), false), {}) },
  'experiments/set-experiment-tag': { methods: WRITE, run: ({ tracking: t }, a) => (t.setExperimentTag(s(a.experiment_id), s(a.key), s(a.value)), {}) },
  'runs/create': {
    methods: WRITE,
    run: ({ tracking: t }, a) => ({
      run: t.createRun({
        experiment_id: s(a.experiment_id),
        user_id: s(a.user_id),
        run_name: s(a.run_name),
        start_time: n(a.start_time),
        tags: list<KeyValue>(a.tags),
      }),
    }),
  },
  'runs/get': { methods: READ, run: ({ tracking: t }, a) => ({ run: t.getRun(runId(a)) }) },
  'runs/update': {
    methods: WRITE,
    run: ({ tracking: t }, a) => ({
      run_info: t.updateRun({
        run_id: s(a.run_id),
        run_uuid: s(a.run_uuid),
        status: s(a.status) as MlflowRunStatus | undefined,
        end_time: n(a.end_time),
        run_name: s(a.run_name),
      }),
    }),
  },
  'runs/delete': { methods: WRITE, run: ({ tracking: t }, a) => (t.setDeleted(s(a.run_id), true), {}) },
  'runs/restore': { methods: WRITE, run: ({ tracking: t }, a) => (t.setDeleted(s(a.run_id), false), {}) },
  'runs/log-parameter': {
    methods: WRITE,
    run: ({ tracking: t }, a) => (t.logBatch({ run_id: runId(a), params: [{ key: a.key as string, value: a.value as string }] }), {}),
  },
  'runs/log-metric': {
    methods: WRITE,
    run: ({ tracking: t }, a) => (
      t.logBatch({
        run_id: runId(a),
        metrics: [
          {
            key: a.key as string,
            value: a.value as number,
            timestamp: a.timestamp as number,
            step: a.step as number,
            model_id: s(a.model_id),
            dataset_name: s(a.dataset_name),
            dataset_digest: s(a.dataset_digest),
          },
        ],
      }),
      {}
    ),
  },
  'runs/log-batch': {
    methods: WRITE,
    run: ({ tracking: t }, a) => (
      t.logBatch({ run_id: s(a.run_id), metrics: list<MlflowMetric>(a.metrics), params: list<KeyValue>(a.params), tags: list<KeyValue>(a.tags) }),
      {}
    ),
  },
  'runs/log-model': { methods: WRITE, run: ({ tracking: t }, a) => (t.logModel(s(a.run_id), s(a.model_json)), {}) },
  'runs/outputs': { methods: WRITE, run: ({ tracking: t }, a) => (t.logOutputs(s(a.run_id), list<MlflowModelOutput>(a.models)), {}) },
  'runs/log-inputs': {
    methods: WRITE,
    run: ({ tracking: t }, a) => (t.logInputs(s(a.run_id), list<MlflowDatasetInput>(a.datasets), list<{ model_id: string }>(a.models)), {}),
  },
  'runs/set-tag': {
    methods: WRITE,
    run: ({ tracking: t }, a) => (t.logBatch({ run_id: runId(a), tags: [{ key: a.key as string, value: a.value as string }] }), {}),
  },
  'runs/delete-tag': { methods: WRITE, run: ({ tracking: t }, a) => (t.deleteTag(s(a.run_id), s(a.key)), {}) },
  'runs/search': {
    methods: SEARCH,
    run: ({ tracking: t }, a) =>
      t.searchRuns({
        experiment_ids: list<string>(a.experiment_ids),
        filter: s(a.filter),
        run_view_type: s(a.run_view_type),
        max_results: n(a.max_results),
        order_by: list<string>(a.order_by),
        page_token: s(a.page_token),
      }),
  },
  'metrics/get-history': {
    methods: READ,
    run: ({ tracking: t }, a) => t.metricHistory(runId(a), s(a.metric_key), { max_results: n(a.max_results), page_token: s(a.page_token) }),
  },
  'metrics/get-history-bulk-interval': {
    methods: READ,
    run: ({ tracking: t }, a) =>
      t.metricHistoryBulkInterval({
        run_ids: list<string>(a.run_ids),
        metric_key: s(a.metric_key),
        start_step: n(a.start_step),
        end_step: n(a.end_step),
        max_results: n(a.max_results),
      }),
  },
  'logged-models': {
    methods: WRITE,
    run: ({ tracking: t }, a) => ({
      model: t.loggedModels.create({
        experiment_id: s(a.experiment_id),
        name: s(a.name),
        model_type: s(a.model_type),
        source_run_id: s(a.source_run_id),
        params: list<KeyValue>(a.params),
        tags: list<KeyValue>(a.tags),
      }),
    }),
  },
  'logged-models/search': {
    methods: SEARCH,
    run: ({ tracking: t }, a) =>
      t.loggedModels.search({
        experiment_ids: list<string>(a.experiment_ids),
        filter: s(a.filter),
        max_results: n(a.max_results),
        order_by: orderObjects(a.order_by),
        page_token: s(a.page_token),
      }),
  },
  'artifacts/list': { methods: READ, run: ({ tracking: t }, a) => t.listArtifactsPage(runId(a), s(a.path) ?? '', s(a.page_token)) },

  'registered-models/create': {
    methods: WRITE,
    run: ({ models: m }, a) => ({ registered_model: m.createModel(s(a.name), list<KeyValue>(a.tags), s(a.description)) }),
  },
  'registered-models/get': { methods: READ, run: ({ models: m }, a) => ({ registered_model: m.getModel(s(a.name)) }) },
  'registered-models/rename': { methods: WRITE, run: ({ models: m }, a) => ({ registered_model: m.renameModel(s(a.name), s(a.new_name)) }) },
  'registered-models/update': { methods: ['PATCH'], run: ({ models: m }, a) => ({ registered_model: m.updateModel(s(a.name), s(a.description)) }) },
  'registered-models/delete': { methods: ['DELETE'], run: ({ models: m }, a) => (m.deleteModel(s(a.name)), {}) },
  'registered-models/search': {
    methods: SEARCH,
    run: ({ models: m }, a) =>
      m.searchModels({ filter: s(a.filter), max_results: n(a.max_results), order_by: list<string>(a.order_by), page_token: s(a.page_token) }),
  },
  'registered-models/get-latest-versions': {
    methods: SEARCH,
    run: ({ models: m }, a) => ({ model_versions: m.latestVersions(s(a.name), list<string>(a.stages)) }),
  },
  'registered-models/set-tag': { methods: WRITE, run: ({ models: m }, a) => (m.setModelTag(s(a.name), s(a.key), s(a.value)), {}) },
  'registered-models/delete-tag': { methods: ['DELETE'], run: ({ models: m }, a) => (m.setModelTag(s(a.name), s(a.key), undefined, true), {}) },
  'registered-models/alias': {
    methods: ['POST', 'DELETE', 'GET'],
    run: ({ models: m }, a, method) => {
      if (method === 'GET') return { model_version: m.versionByAlias(s(a.name), s(a.alias)) };
      if (method === 'DELETE') return (m.deleteAlias(s(a.name), s(a.alias)), {});
      return (m.setAlias(s(a.name), s(a.alias), s(a.version)), {});
    },
  },
  'model-versions/create': {
    methods: WRITE,
    run: ({ models: m }, a) => ({
      model_version: m.createVersion({
        name: s(a.name),
        source: s(a.source),
        run_id: s(a.run_id),
        tags: list<KeyValue>(a.tags),
        description: s(a.description),
      }),
    }),
  },
  'model-versions/get': { methods: READ, run: ({ models: m }, a) => ({ model_version: m.getVersion(s(a.name), s(a.version)) }) },
  'model-versions/update': { methods: ['PATCH'], run: ({ models: m }, a) => ({ model_version: m.updateVersion(s(a.name), s(a.version), s(a.description)) }) },
  'model-versions/delete': { methods: ['DELETE'], run: ({ models: m }, a) => (m.deleteVersion(s(a.name), s(a.version)), {}) },
  'model-versions/search': {
    methods: SEARCH,
    run: ({ models: m }, a) =>
      m.searchVersions({ filter: s(a.filter), max_results: n(a.max_results), order_by: list<string>(a.order_by), page_token: s(a.page_token) }),
  },
  'model-versions/transition-stage': {
    methods: WRITE,
    run: ({ models: m }, a) => ({
      model_version: m.transitionStage(s(a.name), s(a.version), s(a.stage), a.archive_existing_versions === true || a.archive_existing_versions === 'true'),
    }),
  },
  'model-versions/set-tag': { methods: WRITE, run: ({ models: m }, a) => (m.setVersionTag(s(a.name), s(a.version), s(a.key), s(a.value)), {}) },
  'model-versions/delete-tag': { methods: ['DELETE'], run: ({ models: m }, a) => (m.setVersionTag(s(a.name), s(a.version), s(a.key), undefined, true), {}) },
  'model-versions/get-download-uri': { methods: READ, run: ({ models: m }, a) => m.downloadUri(s(a.name), s(a.version)) },
};

/** MLflow 3's logged-model endpoints name the model (and a tag key) in the path; the groups become arguments. */
const PATH_ROUTES: { pattern: RegExp; keys: string[]; methods: Method[]; run: Route }[] = [
  {
    pattern: /^logged-models\/([^/]+)$/,
    keys: ['model_id'],
    methods: ['GET', 'PATCH', 'DELETE'],
    run: ({ tracking: t }, a, method) => {
      if (method === 'GET') return { model: t.loggedModels.get(s(a.model_id)) };
      if (method === 'DELETE') return (t.loggedModels.delete(s(a.model_id)), {});
      return { model: t.loggedModels.finalize(s(a.model_id), a.status) };
    },
  },
  {
    pattern: /^logged-models\/([^/]+)\/tags$/,
    keys: ['model_id'],
    methods: ['PATCH'],
    run: ({ tracking: t }, a) => (t.loggedModels.setTags(s(a.model_id), list<KeyValue>(a.tags)), {}),
  },
  {
    pattern: /^logged-models\/([^/]+)\/tags\/(.+)$/,
    keys: ['model_id', 'tag_key'],
    methods: ['DELETE'],
    run: ({ tracking: t }, a) => (t.loggedModels.deleteTag(s(a.model_id), s(a.tag_key)), {}),
  },
  {
    pattern: /^logged-models\/([^/]+)\/params$/,
    keys: ['model_id'],
    methods: WRITE,
    run: ({ tracking: t }, a) => (t.loggedModels.logParams(s(a.model_id), list<KeyValue>(a.params)), {}),
  },
  {
    pattern: /^logged-models\/([^/]+)\/artifacts\/directories$/,
    keys: ['model_id'],
    methods: READ,
    run: ({ tracking: t }, a) => t.loggedModels.listArtifactsPage(s(a.model_id), s(a.artifact_directory_path) ?? '', s(a.page_token)),
  },
];

/** The route for an endpoint, with the arguments its path carries. */
function findRoute(name: string): { route: { methods: Method[]; run: Route } | undefined; pathArgs: Args } {
  if (ROUTES[name]) return { route: ROUTES[name], pathArgs: {} };
  for (const r of PATH_ROUTES) {
    const m = r.pattern.exec(name);
    if (m) return { route: r, pathArgs: Object.fromEntries(r.keys.map((k, i) => [k, decodeURIComponent(m[i + 1])])) };
  }
  return { route: undefined, pathArgs: {} };
}

/** order_by of search_logged_models: objects as MLflow 3 sends them; over GET, JSON text. */
function orderObjects(v: unknown): LoggedModelOrder[] | undefined {
  return list<unknown>(v)?.map((o) => {
    if (typeof o !== 'string') return o as LoggedModelOrder;
    try {
      return JSON.parse(o) as LoggedModelOrder;
    } catch {
      return { field_name: o };
    }
  });
}

export interface MlflowReply {
  status: number;
  body: unknown;
}

/** One tracking call: GET arguments come from the query string, POST from the JSON body. */
export function handleMlflow(
  { tracking, runs, registry }: MlflowServices,
  method: string,
  pathname: string,
  query: URLSearchParams,
  body: unknown,
): MlflowReply {
  const name = pathname.slice(MLFLOW_PREFIX.length);
  try {
    const { route, pathArgs } = findRoute(name);
    if (!route) throw new MlflowError('ENDPOINT_NOT_FOUND', `No API endpoint ${method} ${pathname} in Cairn's MLflow-compatible API`);
    if (!route.methods.includes(method as Method))
      throw new MlflowError('ENDPOINT_NOT_FOUND', `${pathname} expects ${route.methods.join(' or ')}, got ${method}`);
    const args: Args = { ...(method === 'GET' ? queryArgs(query) : ((body ?? {}) as Args)), ...pathArgs };
    return { status: 200, body: route.run({ tracking, models: new MlflowRegistry(registry, runs) }, args, method as Method) };
  } catch (err) {
    return errorReply(err);
  }
}

export function errorReply(err: unknown): MlflowReply {
  // A store locked past the wait by another process: the script's client retries, its points are kept.
  if (isBusy(err)) err = new MlflowError('TEMPORARILY_UNAVAILABLE', 'The data folder is busy: another Cairn process kept its database locked; try again');
  else if (isDiskFull(err)) err = new MlflowError('INTERNAL_ERROR', 'The disk holding the data folder is full');
  err = registryError(err);
  if (err instanceof MlflowError) return { status: err.status, body: { error_code: err.code, message: err.message } };
  const message = err instanceof Error ? err.message : String(err);
  return { status: 400, body: { error_code: 'INVALID_PARAMETER_VALUE', message } };
}

function queryArgs(q: URLSearchParams): Args {
  const out: Args = {};
  for (const key of new Set(q.keys())) {
    const all = q.getAll(key);
    out[key] = all.length > 1 ? all : all[0];
  }
  return out;
}

/** What mlflow-artifacts reads and writes: a run's files or a logged model's. */
export interface ArtifactOwner {
  putArtifact(id: string, rel: string, data: Buffer): void;
  getArtifact(id: string, rel: string): Buffer;
  listArtifacts(id: string, dir: string): { path: string; is_dir: boolean; file_size?: number }[];
}

/**
 * A path below mlflow-artifacts:/ → whose files, and the path among them: a run's artifact_uri is
 * `<experiment>/<run>/artifacts`, an MLflow 3 logged model's `<experiment>/models/<model_id>/artifacts`.
 */
export function artifactTarget(tracking: TrackingService, full: string): { owner: ArtifactOwner; id: string; rel: string } {
  const run = /^\/?(\d+)\/([0-9a-f]{32})\/artifacts(?:\/(.*))?$/.exec(full);
  const model = /^\/?(\d+)\/models\/(m-[0-9a-f]{32})\/artifacts(?:\/(.*))?$/.exec(full);
  const m = run ?? model;
  if (!m)
    throw new MlflowError(
      'INVALID_PARAMETER_VALUE',
      `Artifact path '${full}' is not <experiment_id>/<run_id>/artifacts/<path> or <experiment_id>/models/<model_id>/artifacts/<path>`,
    );
  const rel = m[3] ?? '';
  if (unsafeArtifactPath(rel)) throw new MlflowError('INVALID_PARAMETER_VALUE', `Invalid artifact path '${full}'`);
  return { owner: run ? tracking : tracking.loggedModels, id: m[2], rel };
}

export function isMlflowRequest(req: http.IncomingMessage, pathname: string): boolean {
  return pathname.startsWith(MLFLOW_PREFIX) || pathname === ARTIFACTS_PREFIX || pathname.startsWith(ARTIFACTS_PREFIX + '/');
}
