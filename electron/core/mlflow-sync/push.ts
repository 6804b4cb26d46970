import { UserError } from '../errors';
import { LOG_BATCH_LIMITS, type KeyValue, type MlflowMetric } from '../tracking/mlflow-types';
import { datasetInput, fingerprint, localRun, mlflowStatus, runArtifacts, runParams, runTags, type LocalRun } from './local-runs';
import { MaybeApplied, MlflowRemoteError, type MlflowClient } from './mlflow-client';
import type { PushContext, PushDeps, PushSummary } from './push-context';
import { pushModels } from './push-models';
import { SyncState } from './sync-state';

// `cairn push`: local runs onto a team's MLflow tracking server through its REST API. Every
// request that creates something is marked pending before it is sent and recorded after the
// server confirms it; a push killed in between finds the mark next time and asks the server
// what landed (by the run's cairn.run_id tag, by a metric batch's last point) before going on.

export interface PushOptions {
  experiment?: string;
  /** A Cairn run filter, as `cairn runs list --filter` takes. */
  filter?: string;
  /** Exactly these runs (the automatic push of a finished run). */
  runIds?: string[];
  models?: boolean;
  dryRun?: boolean;
  onProgress?: (done: number, total: number, what: string) => void;
}

type RemoteRun = { info: { run_id: string; artifact_uri: string; lifecycle_stage?: string } };

export async function push(deps: PushDeps, client: MlflowClient, opts: PushOptions): Promise<PushSummary> {
  const summary: PushSummary = {
    to: client.base,
    dryRun: opts.dryRun ?? false,
    runs: { created: 0, updated: 0, unchanged: 0 },
    metrics: 0,
    artifacts: 0,
    models: { registered: 0, versions: 0, aliases: 0 },
    retries: 0,
    planned: [],
    warnings: [],
  };
  const warned = new Set<string>();
  const ctx: PushContext = {
    deps,
    client,
    state: new SyncState(deps.db, client.base),
    summary,
    warn: (m) => {
      if (!warned.has(m)) summary.warnings.push(m);
      warned.add(m);
    },
    remoteRuns: new Map(),
  };
  const ids = selectRuns(deps, opts);
  // Reach and credentials are checked first, also when nothing changed: a wrong token is said at once.
  await client.post('experiments/search', { max_results: 1 });
  let done = 0;
  for (const id of ids) {
    const run = localRun(deps, id);
    opts.onProgress?.(done, ids.length, run.name);
    await pushRun(ctx, run, summary.dryRun);
    opts.onProgress?.(++done, ids.length, run.name);
  }
  if (opts.models) await pushModels(ctx, ids, summary.dryRun);
  summary.retries = client.retries;
  return summary;
}

/** Local runs to push, oldest first: pulled runs belong to their server, queued ones have nothing yet. */
function selectRuns(deps: PushDeps, opts: PushOptions): string[] {
  if (opts.runIds) return opts.runIds.map((r) => deps.runs.resolveId(r));
  let experimentId: number | undefined;
  if (opts.experiment !== undefined) {
    const exp = deps.runs.experimentByName(opts.experiment, false);
    if (!exp) throw new UserError(`No experiment named "${opts.experiment}"`, 'not_found');
    experimentId = exp.id;
  }
  const ids: string[] = [];
  const pageSize = 1000;
  for (let offset = 0; ; offset += pageSize) {
    const page = deps.runs.query({ experimentId, filter: opts.filter, offset, limit: pageSize, sort: { field: 'created', dir: 'asc' } });
    for (const r of page.runs) if (r.origin === null && r.status !== 'queued') ids.push(r.id);
    if (offset + pageSize >= page.total) return ids;
  }
}

async function pushRun(ctx: PushContext, run: LocalRun, dryRun: boolean): Promise<void> {
  const { state, summary } = ctx;
  const fp = fingerprint(ctx.deps, run);
  const known = state.get('run', run.id);
  if (known?.remoteId && known.pushedThrough === fp) {
    summary.runs.unchanged++;
    return;
  }
  const action = known?.remoteId ? 'update' : 'create';
  if (dryRun) {
    const metrics = pendingPoints(ctx, run.id).reduce((n, k) => n + k.count, 0);
    const artifacts = runArtifacts(ctx.deps, run).filter((a) => state.get('artifact', `${run.id}/${a.path}`)?.remoteId !== a.hash).length;
    summary.planned.push({ id: run.id, name: run.name, experiment: run.experimentName, action, metrics, artifacts });
    summary.runs[action === 'create' ? 'created' : 'updated']++;
    summary.metrics += metrics;
    summary.artifacts += artifacts;
    return;
  }
  const experimentId = await remoteExperiment(ctx, run);
  const remote = await remoteRun(ctx, run, experimentId, known !== null);
  ctx.remoteRuns.set(run.id, { runId: remote.info.run_id, artifactUri: remote.info.artifact_uri });
  const remoteId = remote.info.run_id;
  await logBatches(ctx, remoteId, { params: runParams(run), tags: runTags(run) });
  await pushMetrics(ctx, run.id, remoteId);
  await pushInput(ctx, run, remoteId);
  await pushArtifacts(ctx, run, remote.info.artifact_uri);
  await ctx.client.post('runs/update', {
    run_id: remoteId,
    run_uuid: remoteId,
    status: mlflowStatus(run.status),
    run_name: run.name,
    ...(run.endedAt !== null && { end_time: run.endedAt }),
  });
  state.set('run', run.id, remoteId, fp);
  summary.runs[action === 'create' ? 'created' : 'updated']++;
}

async function remoteExperiment(ctx: PushContext, run: LocalRun): Promise<string> {
  const key = String(run.experimentId);
  const known = ctx.state.get('experiment', key);
  if (known?.remoteId) return known.remoteId;
  const byName = async () => {
    try {
      const got = await ctx.client.get<{ experiment: { experiment_id: string; lifecycle_stage: string } }>('experiments/get-by-name', {
        experiment_name: run.experimentName,
      });
      if (got.experiment.lifecycle_stage === 'deleted')
        throw new UserError(
          `Experiment "${run.experimentName}" is deleted on ${ctx.client.base}; restore it there (or rename yours) to push into it`,
          'conflict',
        );
      return got.experiment.experiment_id;
    } catch (err) {
      if (err instanceof MlflowRemoteError && err.remoteCode === 'RESOURCE_DOES_NOT_EXIST') return null;
      throw err;
    }
  };
  let id = await byName();
  if (id === null) {
    try {
      id = (await ctx.client.post<{ experiment_id: string }>('experiments/create', { name: run.experimentName })).experiment_id;
    } catch (err) {
      // Another push created it meanwhile.
      if (!(err instanceof MlflowRemoteError && err.remoteCode === 'RESOURCE_ALREADY_EXISTS')) throw err;
      id = await byName();
      if (id === null) throw err;
    }
  }
  ctx.state.set('experiment', key, id);
  return id;
}

/** The run on the server: remembered, found by its tag after an unconfirmed create, or created now. */
async function remoteRun(ctx: PushContext, run: LocalRun, experimentId: string, seen: boolean): Promise<RemoteRun> {
  const known = ctx.state.get('run', run.id);
  if (known?.remoteId) return (await ctx.client.get<{ run: RemoteRun }>('runs/get', { run_id: known.remoteId })).run;
  if (seen) {
    const found = await ctx.client.post<{ runs?: RemoteRun[] }>('runs/search', {
      experiment_ids: [experimentId],
      filter: `tags.\`cairn.run_id\` = '${run.id}'`,
      run_view_type: 'ALL',
      max_results: 1,
    });
    const hit = found.runs?.[0];
    if (hit) {
      ctx.state.set('run', run.id, hit.info.run_id);
      return hit;
    }
  }
  ctx.state.set('run', run.id, null);
  const created = await ctx.client.post<{ run: RemoteRun }>('runs/create', {
    experiment_id: experimentId,
    run_name: run.name,
    start_time: run.startedAt ?? run.createdAt,
    user_id: runTags(run).find((t) => t.key === 'mlflow.user')?.value,
    tags: [{ key: 'cairn.run_id', value: run.id }],
  });
  ctx.state.set('run', run.id, created.run.info.run_id);
  return created.run;
}

/** Params and tags in log-batch requests within MLflow's per-request limits. */
async function logBatches(ctx: PushContext, remoteId: string, kv: { params: KeyValue[]; tags: KeyValue[] }): Promise<void> {
  for (let i = 0; i < Math.max(kv.params.length, kv.tags.length); i += LOG_BATCH_LIMITS.params) {
    const params = kv.params.slice(i, i + LOG_BATCH_LIMITS.params);
    const tags = kv.tags.slice(i, i + LOG_BATCH_LIMITS.tags);
    await ctx.client.post('runs/log-batch', { run_id: remoteId, params, tags, metrics: [] });
  }
}

/** Per metric key: the last point pushed, as [time, step, rowid] (points go in that order). */
type Watermark = [number, number, number];

const metricKey = (runId: string, key: string) => `${runId}\n${key}`;

function pendingPoints(ctx: PushContext, runId: string): { key: string; after: Watermark; count: number }[] {
  const keys = ctx.deps.metrics.keys(runId);
  const marks = ctx.state.byPrefix('metric', `${runId}\n`);
  return keys.map((key) => {
    const mark = marks.get(metricKey(runId, key))?.pushedThrough;
    const after: Watermark = mark ? (JSON.parse(mark) as Watermark) : [-Infinity, -Infinity, -Infinity];
    return { key, after, count: ctx.deps.metrics.countAfter(runId, key, after) };
  });
}

/** Every point after each key's watermark, in batches of at most 1000, each confirmed before its watermarks move. */
async function pushMetrics(ctx: PushContext, runId: string, remoteId: string): Promise<void> {
  await settlePendingBatch(ctx, runId, remoteId);
  let batch: (MlflowMetric & { rowid: number })[] = [];
  const send = async () => {
    if (!batch.length) return;
    const marks: Record<string, Watermark> = {};
    for (const p of batch) marks[p.key] = [p.timestamp, p.step, p.rowid];
    ctx.state.set('metric-batch', runId, remoteId, JSON.stringify(marks));
    const body = { run_id: remoteId, metrics: batch.map(({ rowid: _rowid, ...m }) => m), params: [], tags: [] };
    for (let tries = 1; ; tries++) {
      try {
        await ctx.client.post('runs/log-batch', body, { once: true });
        applyMarks(ctx, runId, marks);
        break;
      } catch (err) {
        // The answer was lost: the server's history says whether the batch landed, before it is sent again.
        if (!(err instanceof MaybeApplied) || tries >= 5) throw err;
        if (await settlePendingBatch(ctx, runId, remoteId)) break;
        ctx.state.set('metric-batch', runId, remoteId, JSON.stringify(marks));
      }
    }
    ctx.summary.metrics += batch.length;
    batch = [];
  };
  for (const { key, after, count } of pendingPoints(ctx, runId)) {
    if (count === 0) continue;
    // Read a batch's worth at a time, so a 100,000-step series never sits in memory whole.
    let from = after;
    for (;;) {
      const rows = ctx.deps.metrics.pointsAfter(runId, key, from, LOG_BATCH_LIMITS.metrics - batch.length);
      const last = rows[rows.length - 1];
      if (!last) break;
      for (const r of rows) batch.push({ key, value: r.value, timestamp: r.time, step: r.step, rowid: r.rowid });
      from = [last.time, last.step, last.rowid];
      if (batch.length === LOG_BATCH_LIMITS.metrics) await send();
    }
  }
  await send();
}

function applyMarks(ctx: PushContext, runId: string, marks: Record<string, Watermark>): void {
  ctx.state.together(() => {
    for (const [key, mark] of Object.entries(marks)) ctx.state.set('metric', metricKey(runId, key), null, JSON.stringify(mark));
    ctx.state.delete('metric-batch', runId);
  });
}

/**
 * A batch whose answer was never recorded (the push died, or the connection broke): log-batch is
 * one transaction on the server, so it landed whole or not at all, and its last point tells which.
 */
async function settlePendingBatch(ctx: PushContext, runId: string, remoteId: string): Promise<boolean> {
  const pending = ctx.state.get('metric-batch', runId);
  if (!pending?.pushedThrough) return false;
  const marks = JSON.parse(pending.pushedThrough) as Record<string, Watermark>;
  const first = Object.entries(marks)[0];
  if (!first) {
    ctx.state.delete('metric-batch', runId);
    return false;
  }
  const [key, [time, step]] = first;
  const history = await ctx.client.get<{ metrics?: MlflowMetric[] }>('metrics/get-history', { run_id: remoteId, metric_key: key });
  const landed = (history.metrics ?? []).some((m) => Number(m.timestamp) === time && Number(m.step) === step);
  if (landed) applyMarks(ctx, runId, marks);
  else ctx.state.delete('metric-batch', runId);
  return landed;
}

async function pushInput(ctx: PushContext, run: LocalRun, remoteId: string): Promise<void> {
  const input = datasetInput(run);
  if (!input || ctx.state.get('input', run.id)?.remoteId === run.versionHash) return;
  try {
    await ctx.client.post('runs/log-inputs', { run_id: remoteId, datasets: [input] });
  } catch (err) {
    if (err instanceof MlflowRemoteError && err.status === 404) {
      ctx.warn(`${ctx.client.base} does not take dataset inputs (runs/log-inputs); the dataset version is in the cairn.dataset tag`);
      return;
    }
    throw err;
  }
  ctx.state.set('input', run.id, run.versionHash);
}

/** `mlflow-artifacts:/1/<run>/artifacts` or `mlflow-artifacts://host/1/<run>/artifacts` → `1/<run>/artifacts`. */
export function proxiedArtifactRoot(artifactUri: string): string | null {
  const m = /^mlflow-artifacts:(?:\/\/[^/]*)?\/?(.*)$/.exec(artifactUri);
  return m ? (m[1] ?? '').replace(/\/+$/, '') : null;
}

async function pushArtifacts(ctx: PushContext, run: LocalRun, artifactUri: string): Promise<void> {
  const files = runArtifacts(ctx.deps, run).filter((a) => ctx.state.get('artifact', `${run.id}/${a.path}`)?.remoteId !== a.hash);
  if (!files.length) return;
  const root = proxiedArtifactRoot(artifactUri);
  if (root === null) {
    ctx.warn(
      `${ctx.client.base} keeps artifacts at ${artifactUri.split(':')[0]}:// locations it does not proxy; artifacts were not pushed (start it with --serve-artifacts --artifacts-destination …)`,
    );
    return;
  }
  for (const file of files) {
    await ctx.client.putArtifact(`${root}/${file.path}`, file.read());
    ctx.state.set('artifact', `${run.id}/${file.path}`, file.hash);
    ctx.summary.artifacts++;
  }
}
