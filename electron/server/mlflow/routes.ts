import type http from 'node:http';
import type { TrackingService } from '../../core/tracking/tracking-service';
import { isBusy, isDiskFull } from '../../core/store/store-errors';
import { MlflowError, type KeyValue, type MlflowMetric, type MlflowRunStatus } from '../../core/tracking/mlflow-types';

// The REST calls the Python `mlflow` client makes against a tracking server, so a script run
// with MLFLOW_TRACKING_URI=http://127.0.0.1:<port> logs into Cairn unchanged.

export const MLFLOW_PREFIX = '/api/2.0/mlflow/';
export const ARTIFACTS_PREFIX = '/api/2.0/mlflow-artifacts/artifacts';

type Args = Record<string, unknown>;
type Route = (t: TrackingService, a: Args) => unknown;

const s = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : String(v));
const n = (v: unknown): number | undefined => (v === undefined || v === null || v === '' ? undefined : Number(v));
const list = <T>(v: unknown): T[] | undefined => (v === undefined ? undefined : Array.isArray(v) ? (v as T[]) : [v as T]);

const ROUTES: Record<string, { method: 'GET' | 'POST'; run: Route }> = {
  'experiments/create': { method: 'POST', run: (t, a) => ({ experiment_id: t.createExperiment(s(a.name), list<KeyValue>(a.tags)) }) },
  'experiments/get': { method: 'GET', run: (t, a) => ({ experiment: t.getExperiment(s(a.experiment_id)) }) },
  'experiments/get-by-name': { method: 'GET', run: (t, a) => ({ experiment: t.getExperimentByName(s(a.experiment_name)) }) },
  'experiments/search': {
    method: 'POST',
    run: (t, a) => t.searchExperiments({ max_results: n(a.max_results), page_token: s(a.page_token), filter: s(a.filter) }),
  },
  'runs/create': {
    method: 'POST',
    run: (t, a) => ({ run: t.createRun({ experiment_id: s(a.experiment_id), user_id: s(a.user_id), run_name: s(a.run_name), start_time: n(a.start_time), tags: list<KeyValue>(a.tags) }) }),
  },
  'runs/get': { method: 'GET', run: (t, a) => ({ run: t.getRun(s(a.run_id) ?? s(a.run_uuid)) }) },
  'runs/update': {
    method: 'POST',
    run: (t, a) => ({ run_info: t.updateRun({ run_id: s(a.run_id), run_uuid: s(a.run_uuid), status: s(a.status) as MlflowRunStatus | undefined, end_time: n(a.end_time), run_name: s(a.run_name) }) }),
  },
  'runs/delete': { method: 'POST', run: (t, a) => (t.setDeleted(s(a.run_id), true), {}) },
  'runs/restore': { method: 'POST', run: (t, a) => (t.setDeleted(s(a.run_id), false), {}) },
  'runs/log-parameter': {
    method: 'POST',
    run: (t, a) => (t.logBatch({ run_id: s(a.run_id) ?? s(a.run_uuid), params: [{ key: s(a.key) ?? '', value: s(a.value) as string }] }), {}),
  },
  'runs/log-metric': {
    method: 'POST',
    run: (t, a) => (t.logBatch({ run_id: s(a.run_id) ?? s(a.run_uuid), metrics: [{ key: s(a.key) ?? '', value: a.value as number, timestamp: a.timestamp as number, step: n(a.step) ?? 0 }] }), {}),
  },
  'runs/log-batch': {
    method: 'POST',
    run: (t, a) => (t.logBatch({ run_id: s(a.run_id), metrics: list<MlflowMetric>(a.metrics), params: list<KeyValue>(a.params), tags: list<KeyValue>(a.tags) }), {}),
  },
  'runs/set-tag': {
    method: 'POST',
    run: (t, a) => (t.logBatch({ run_id: s(a.run_id) ?? s(a.run_uuid), tags: [{ key: s(a.key) ?? '', value: s(a.value) as string }] }), {}),
  },
  'runs/delete-tag': { method: 'POST', run: (t, a) => (t.deleteTag(s(a.run_id), s(a.key)), {}) },
  'runs/search': {
    method: 'POST',
    run: (t, a) =>
      t.searchRuns({
        experiment_ids: list<string>(a.experiment_ids),
        filter: s(a.filter),
        run_view_type: s(a.run_view_type),
        max_results: n(a.max_results),
        order_by: list<string>(a.order_by),
        page_token: s(a.page_token),
      }),
  },
  'metrics/get-history': { method: 'GET', run: (t, a) => ({ metrics: t.metricHistory(s(a.run_id) ?? s(a.run_uuid), s(a.metric_key)) }) },
};

export interface MlflowReply {
  status: number;
  body: unknown;
}

/** One tracking call: GET arguments come from the query string, POST from the JSON body. */
export function handleMlflow(t: TrackingService, method: string, pathname: string, query: URLSearchParams, body: unknown): MlflowReply {
  const name = pathname.slice(MLFLOW_PREFIX.length);
  const route = ROUTES[name];
  try {
    if (!route) throw new MlflowError('ENDPOINT_NOT_FOUND', `No API endpoint ${method} ${pathname} in Cairn's MLflow-compatible API`);
    if (method !== route.method) throw new MlflowError('ENDPOINT_NOT_FOUND', `${pathname} expects ${route.method}, got ${method}`);
    const args: Args = route.method === 'GET' ? queryArgs(query) : ((body ?? {}) as Args);
    return { status: 200, body: route.run(t, args) };
  } catch (err) {
    return errorReply(err);
  }
}

export function errorReply(err: unknown): MlflowReply {
  // A store locked past the wait by another process: the script's client retries, its points are kept.
  if (isBusy(err)) err = new MlflowError('TEMPORARILY_UNAVAILABLE', 'The data folder is busy: another Cairn process kept its database locked; try again');
  else if (isDiskFull(err)) err = new MlflowError('INTERNAL_ERROR', 'The disk holding the data folder is full');
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

/** `<experiment>/<run>/artifacts/<path>` (the run's artifact_uri below mlflow-artifacts:/) → run id and path. */
export function parseArtifactPath(full: string): { runId: string; rel: string } {
  const m = /^\/?(\d+)\/([0-9a-f]{32})\/artifacts(?:\/(.*))?$/.exec(full);
  if (!m) throw new MlflowError('INVALID_PARAMETER_VALUE', `Artifact path '${full}' is not <experiment_id>/<run_id>/artifacts/<path>`);
  const rel = m[3] ?? '';
  if (rel.split('/').some((part) => part === '..' || part === '.')) throw new MlflowError('INVALID_PARAMETER_VALUE', `Invalid artifact path '${full}'`);
  return { runId: m[2], rel };
}

export function isMlflowRequest(req: http.IncomingMessage, pathname: string): boolean {
  return pathname.startsWith(MLFLOW_PREFIX) || pathname === ARTIFACTS_PREFIX || pathname.startsWith(ARTIFACTS_PREFIX + '/');
}
