import crypto from 'node:crypto';
import type { Services } from '../services';
import { UserError } from '../errors';
import { STATUS_TO_CAIRN } from '../tracking/mlflow-filter';
import type { KeyValue, MlflowMetric, MlflowRunStatus } from '../tracking/mlflow-types';
import { MlflowRemoteError, type MlflowClient } from './mlflow-client';
import { SyncState } from './sync-state';

export type PullDeps = Pick<Services, 'db' | 'events' | 'runs' | 'metrics'>;

// `cairn pull`: a team's runs from their MLflow server into the local store, beside one's own in
// the runs table and in compare, marked with the server they came from (runs.origin) and
// read-only. Pulling again brings what changed there; runs that were pushed from this very
// folder are recognised by their cairn.run_id tag and left alone.

export interface PullOptions {
  experiment?: string;
  /** An MLflow search filter, passed to the server as it is. */
  filter?: string;
  onProgress?: (done: number, total: number, what: string) => void;
}

export interface PullSummary {
  from: string;
  runs: { created: number; updated: number; unchanged: number };
  /** Runs of the server that were pushed from this data folder. */
  own: number;
  metrics: number;
}

interface RemoteRun {
  info: { run_id: string; run_name?: string; experiment_id: string; user_id?: string; status: MlflowRunStatus; start_time?: number; end_time?: number };
  data: { metrics?: MlflowMetric[]; params?: KeyValue[]; tags?: KeyValue[] };
}

interface Experiment {
  experiment_id: string;
  name: string;
}

export async function pull(deps: PullDeps, client: MlflowClient, opts: PullOptions): Promise<PullSummary> {
  const state = new SyncState(deps.db, client.base);
  const summary: PullSummary = { from: client.base, runs: { created: 0, updated: 0, unchanged: 0 }, own: 0, metrics: 0 };
  for (const exp of await experiments(client, opts.experiment)) {
    const runs = await searchRuns(client, exp.experiment_id, opts.filter);
    let done = 0;
    for (const run of runs) {
      opts.onProgress?.(done++, runs.length, run.info.run_name ?? run.info.run_id);
      await pullRun(deps, client, state, exp, run, summary);
    }
    opts.onProgress?.(done, runs.length, exp.name);
  }
  return summary;
}

async function experiments(client: MlflowClient, name: string | undefined): Promise<Experiment[]> {
  if (name !== undefined) {
    try {
      return [(await client.get<{ experiment: Experiment }>('experiments/get-by-name', { experiment_name: name })).experiment];
    } catch (err) {
      if (err instanceof MlflowRemoteError && err.remoteCode === 'RESOURCE_DOES_NOT_EXIST')
        throw new UserError(`${client.base} has no experiment named "${name}"`, 'not_found');
      throw err;
    }
  }
  const out: Experiment[] = [];
  let token: string | undefined;
  do {
    const page = await client.post<{ experiments?: Experiment[]; next_page_token?: string }>('experiments/search', {
      max_results: 1000,
      ...(token && { page_token: token }),
    });
    for (const e of page.experiments ?? []) out.push(e);
    token = page.next_page_token;
  } while (token);
  return out;
}

async function searchRuns(client: MlflowClient, experimentId: string, filter: string | undefined): Promise<RemoteRun[]> {
  const out: RemoteRun[] = [];
  let token: string | undefined;
  do {
    const page = await client.post<{ runs?: RemoteRun[]; next_page_token?: string }>('runs/search', {
      experiment_ids: [experimentId],
      max_results: 1000,
      ...(filter && { filter }),
      ...(token && { page_token: token }),
    });
    for (const r of page.runs ?? []) out.push(r);
    token = page.next_page_token;
  } while (token);
  return out;
}

async function pullRun(deps: PullDeps, client: MlflowClient, state: SyncState, exp: Experiment, run: RemoteRun, summary: PullSummary): Promise<void> {
  const tags = Object.fromEntries((run.data.tags ?? []).map((t) => [t.key, t.value]));
  const ownId = tags['cairn.run_id'];
  if (ownId && deps.runs.find(ownId)?.origin === null) {
    summary.own++;
    return;
  }
  const remoteId = run.info.run_id;
  const fp = crypto
    .createHash('sha256')
    .update(JSON.stringify([run.info, run.data]))
    .digest('hex');
  const localId = state.localFor('pulled-run', remoteId);
  if (localId && state.get('pulled-run', localId)?.pushedThrough === fp && deps.runs.exists(localId)) {
    summary.runs.unchanged++;
    return;
  }
  const points: { key: string; value: number; step: number; time: number }[] = [];
  for (const { key } of run.data.metrics ?? []) {
    for (const m of await history(client, remoteId, key)) points.push({ key, value: Number(m.value), step: Number(m.step ?? 0), time: Number(m.timestamp) });
  }
  const id = localId ?? (deps.runs.exists(remoteId) ? crypto.randomUUID().replace(/-/g, '') : remoteId);
  const params = Object.fromEntries((run.data.params ?? []).map((p) => [p.key, p.value]));
  const experimentId = deps.runs.experimentByName(exp.name, true)!.id;
  const start = run.info.start_time ?? Date.now();
  const fresh = !deps.runs.exists(id);
  deps.db.transaction(() => {
    deps.runs.upsertPulled({
      id,
      experimentId,
      name: run.info.run_name || tags['mlflow.runName'] || remoteId.slice(0, 8),
      status: STATUS_TO_CAIRN[run.info.status] ?? 'finished',
      modelType: tags['cairn.model_type'] ?? 'external',
      engine: tags['cairn.engine'] ?? null,
      device: tags['cairn.device'] ?? null,
      params: JSON.stringify(params),
      tags: JSON.stringify(tags),
      notes: tags['mlflow.note.content'] ?? '',
      user: run.info.user_id ?? tags['mlflow.user'] ?? null,
      origin: client.base,
      start,
      end: run.info.end_time ?? null,
    });
    // The server's history replaces ours whole: it is the truth for a pulled run.
    deps.metrics.replace(id, points);
    state.set('pulled-run', id, remoteId, fp);
  })();
  summary.metrics += points.length;
  summary.runs[fresh ? 'created' : 'updated']++;
  const summaryRow = deps.runs.summary(id);
  deps.events.emit('run.status', { runId: id, status: summaryRow.status, error: null, run: summaryRow });
}

/** A metric's whole history, page by page (MLflow pages get-history at 25,000 points by default). */
async function history(client: MlflowClient, runId: string, key: string): Promise<MlflowMetric[]> {
  const out: MlflowMetric[] = [];
  let token: string | undefined;
  do {
    const page = await client.get<{ metrics?: MlflowMetric[]; next_page_token?: string }>('metrics/get-history', {
      run_id: runId,
      metric_key: key,
      ...(token && { page_token: token }),
    });
    for (const m of page.metrics ?? []) out.push(m);
    token = page.next_page_token;
  } while (token);
  return out;
}
