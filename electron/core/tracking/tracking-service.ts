import crypto from 'node:crypto';
import type { BlobStore } from '../files/blob-store';
import type { MetricStore } from '../runs/metric-store';
import type { RunRepo } from '../runs/run-repo';
import type { Db } from '../store/database';
import type { CoreEvents } from '../events';
import { parseMlflowFilter, parseMlflowOrderBy, STATUS_TO_CAIRN, STATUS_TO_MLFLOW } from './mlflow-filter';
import {
  LOG_BATCH_LIMITS,
  MAX_KEY_LENGTH,
  MAX_PARAM_VALUE_LENGTH,
  MAX_TAG_VALUE_LENGTH,
  MlflowError,
  type KeyValue,
  type MlflowExperiment,
  type MlflowMetric,
  type MlflowRun,
  type MlflowRunInfo,
  type MlflowRunStatus,
} from './mlflow-types';

// MLflow tracking semantics over Cairn's store: runs logged by a script appear in the same
// tables (and so in the app) as Cairn's own, marked source = 'mlflow'.

interface ExperimentRow {
  id: number;
  name: string;
  created_at: number;
  tags: string;
  last_run: number | null;
}

interface RunRow {
  id: string;
  experiment_id: number;
  name: string;
  status: keyof typeof STATUS_TO_MLFLOW;
  params: string;
  tags: string;
  user_id: string | null;
  started_at: number | null;
  ended_at: number | null;
  created_at: number;
  archived: number;
}

const RUN_NAME_TAG = 'mlflow.runName';
const USER_TAG = 'mlflow.user';

export class TrackingService {
  constructor(
    private readonly db: Db,
    private readonly runs: RunRepo,
    private readonly metrics: MetricStore,
    private readonly blobs: BlobStore,
    private readonly events: CoreEvents,
  ) {}

  // ---- experiments

  createExperiment(name: string | undefined, tags: KeyValue[] = []): string {
    const n = requireString(name, 'name');
    if (this.db.prepare('SELECT 1 FROM experiments WHERE name = ?').get(n)) {
      throw new MlflowError('RESOURCE_ALREADY_EXISTS', `Experiment '${n}' already exists.`);
    }
    const r = this.db.prepare('INSERT INTO experiments (name, created_at, tags) VALUES (?, ?, ?)').run(n, Date.now(), JSON.stringify(toRecord(tags)));
    return String(r.lastInsertRowid);
  }

  getExperiment(id: string | undefined): MlflowExperiment {
    const row = this.experimentRow('e.id = ?', Number(requireString(id, 'experiment_id')));
    if (!row) throw new MlflowError('RESOURCE_DOES_NOT_EXIST', `No Experiment with id=${id} exists`);
    return toExperiment(row);
  }

  getExperimentByName(name: string | undefined): MlflowExperiment {
    const row = this.experimentRow('e.name = ?', requireString(name, 'experiment_name'));
    if (!row) throw new MlflowError('RESOURCE_DOES_NOT_EXIST', `Could not find experiment with name '${name}'`);
    return toExperiment(row);
  }

  searchExperiments(req: { max_results?: number; page_token?: string; filter?: string }): { experiments: MlflowExperiment[]; next_page_token?: string } {
    const max = clampMax(req.max_results, 1000, 50000);
    const offset = decodeToken(req.page_token);
    const m = /^\s*(?:attributes?\.)?name\s+(LIKE|ILIKE|=|!=)\s+'([^']*)'\s*$/i.exec(req.filter ?? '');
    if (req.filter?.trim() && !m) throw new MlflowError('INVALID_PARAMETER_VALUE', `Unsupported experiment filter '${req.filter}': use name = '...' or name LIKE '...'`);
    const op = m ? (m[1].toUpperCase() === 'ILIKE' ? 'LIKE' : m[1].toUpperCase()) : null;
    const where = op ? `WHERE e.name ${op} ?` : '';
    const rows = this.db
      .prepare(`${SELECT_EXPERIMENT} ${where} GROUP BY e.id ORDER BY e.id LIMIT ? OFFSET ?`)
      .all(...(m ? [m[2]] : []), max + 1, offset) as ExperimentRow[];
    const more = rows.length > max;
    return { experiments: rows.slice(0, max).map(toExperiment), ...(more && { next_page_token: encodeToken(offset + max) }) };
  }

  // ---- runs

  createRun(req: { experiment_id?: string; user_id?: string; run_name?: string; start_time?: number; tags?: KeyValue[] }): MlflowRun {
    const experimentId = Number(req.experiment_id ?? '1');
    this.getExperiment(String(experimentId));
    const tags = toRecord(req.tags ?? []);
    const name = req.run_name || tags[RUN_NAME_TAG] || `run-${crypto.randomBytes(3).toString('hex')}`;
    tags[RUN_NAME_TAG] = name;
    const user = req.user_id || tags[USER_TAG] || '';
    const id = crypto.randomUUID().replace(/-/g, '');
    const start = req.start_time ?? Date.now();
    this.db
      .prepare(
        `INSERT INTO runs (id, experiment_id, name, status, model_type, config, params, tags, seed, source, user_id, created_at, started_at)
         VALUES (?, ?, ?, 'running', 'external', '{}', '{}', ?, 0, 'mlflow', ?, ?, ?)`,
      )
      .run(id, experimentId, name, JSON.stringify(tags), user, start, start);
    this.emit(id);
    return this.getRun(id);
  }

  getRun(id: string | undefined): MlflowRun {
    const row = this.runRow(id);
    return this.toRun(row);
  }

  updateRun(req: { run_id?: string; run_uuid?: string; status?: MlflowRunStatus; end_time?: number; run_name?: string }): MlflowRunInfo {
    const row = this.writableRow(req.run_id ?? req.run_uuid);
    if (req.status !== undefined && !(req.status in STATUS_TO_CAIRN)) throw new MlflowError('INVALID_PARAMETER_VALUE', `Invalid status '${req.status}'`);
    const status = req.status ? STATUS_TO_CAIRN[req.status] : row.status;
    const name = req.run_name ?? row.name;
    const tags = { ...JSON.parse(row.tags), [RUN_NAME_TAG]: name };
    this.db.prepare('UPDATE runs SET status = ?, ended_at = ?, name = ?, tags = ? WHERE id = ?').run(status, req.end_time ?? row.ended_at, name, JSON.stringify(tags), row.id);
    this.emit(row.id);
    return this.getRun(row.id).info;
  }

  /** MLflow deletes softly; so does Cairn, by archiving. */
  setDeleted(id: string | undefined, deleted: boolean): void {
    const row = this.writableRow(id);
    this.db.prepare('UPDATE runs SET archived = ? WHERE id = ?').run(Number(deleted), row.id);
    this.emit(row.id);
  }

  logBatch(req: { run_id?: string; metrics?: MlflowMetric[]; params?: KeyValue[]; tags?: KeyValue[] }): void {
    const metrics = req.metrics ?? [];
    const params = req.params ?? [];
    const tags = req.tags ?? [];
    if (metrics.length > LOG_BATCH_LIMITS.metrics) throw new MlflowError('INVALID_PARAMETER_VALUE', `A batch logging request can contain at most ${LOG_BATCH_LIMITS.metrics} metrics. Got ${metrics.length} metrics.`);
    if (params.length > LOG_BATCH_LIMITS.params) throw new MlflowError('INVALID_PARAMETER_VALUE', `A batch logging request can contain at most ${LOG_BATCH_LIMITS.params} params. Got ${params.length} params.`);
    if (tags.length > LOG_BATCH_LIMITS.tags) throw new MlflowError('INVALID_PARAMETER_VALUE', `A batch logging request can contain at most ${LOG_BATCH_LIMITS.tags} tags. Got ${tags.length} tags.`);
    const total = metrics.length + params.length + tags.length;
    if (total > LOG_BATCH_LIMITS.total) throw new MlflowError('INVALID_PARAMETER_VALUE', `A batch logging request can contain at most ${LOG_BATCH_LIMITS.total} total entities. Got ${total}.`);
    const row = this.writableRow(req.run_id);
    if (row.archived) throw new MlflowError('INVALID_STATE', `The run ${row.id} must be in the 'active' state. Current state is deleted.`);
    for (const m of metrics) validateMetric(m);
    for (const p of params) validateKeyValue(p, 'param', MAX_PARAM_VALUE_LENGTH);
    for (const t of tags) validateKeyValue(t, 'tag', MAX_TAG_VALUE_LENGTH);

    this.db.transaction(() => {
      if (params.length) {
        const current = JSON.parse(row.params) as Record<string, string>;
        for (const p of params) {
          const value = String(p.value);
          if (p.key in current && current[p.key] !== value) {
            throw new MlflowError(
              'INVALID_PARAMETER_VALUE',
              `Changing param values is not allowed. Param with key='${p.key}' was already logged with value='${current[p.key]}' for run ID='${row.id}'. Attempted logging new value '${value}'.`,
            );
          }
          current[p.key] = value;
        }
        this.db.prepare('UPDATE runs SET params = ? WHERE id = ?').run(JSON.stringify(current), row.id);
      }
      if (tags.length) {
        const current = JSON.parse(this.runRow(row.id).tags) as Record<string, string>;
        for (const t of tags) current[t.key] = String(t.value);
        const name = current[RUN_NAME_TAG] ?? row.name;
        this.db.prepare('UPDATE runs SET tags = ?, name = ? WHERE id = ?').run(JSON.stringify(current), name, row.id);
      }
      if (metrics.length) {
        this.metrics.write(
          row.id,
          metrics.map((m) => ({ key: m.key, value: Number(m.value), step: Number(m.step ?? 0), time: Number(m.timestamp ?? Date.now()) })),
        );
      }
    })();
    if (metrics.length) {
      this.events.emit('run.metrics', { runId: row.id, points: metrics.map((m) => ({ key: m.key, value: Number(m.value), step: Number(m.step ?? 0), time: Number(m.timestamp) })) });
    }
    if (params.length || tags.length) this.emit(row.id);
  }

  deleteTag(id: string | undefined, key: string | undefined): void {
    const row = this.writableRow(id);
    const k = requireString(key, 'key');
    const tags = JSON.parse(row.tags) as Record<string, string>;
    if (!(k in tags)) throw new MlflowError('RESOURCE_DOES_NOT_EXIST', `No tag with name: ${k} in run with id ${row.id}`);
    delete tags[k];
    this.db.prepare('UPDATE runs SET tags = ? WHERE id = ?').run(JSON.stringify(tags), row.id);
    this.emit(row.id);
  }

  metricHistory(id: string | undefined, key: string | undefined): MlflowMetric[] {
    const row = this.runRow(id);
    const k = requireString(key, 'metric_key');
    return (this.db.prepare('SELECT key, value, time AS timestamp, step FROM metrics WHERE run_id = ? AND key = ? ORDER BY step, time').all(row.id, k) as MlflowMetric[]);
  }

  searchRuns(req: { experiment_ids?: string[]; filter?: string; run_view_type?: string; max_results?: number; order_by?: string[]; page_token?: string }): { runs: MlflowRun[]; next_page_token?: string } {
    const max = clampMax(req.max_results, 1000, 50000);
    const offset = decodeToken(req.page_token);
    const expIds = (req.experiment_ids ?? []).map(Number);
    const ast = parseMlflowFilter(req.filter);
    const sort = req.order_by?.length ? parseMlflowOrderBy(req.order_by[0]) : { field: 'started', dir: 'desc' as const };
    const view = req.run_view_type ?? 'ACTIVE_ONLY';
    const page = this.runs.query({
      experimentIds: expIds.length ? expIds : undefined,
      filterAst: ast,
      sort,
      offset,
      limit: max,
      includeArchived: view !== 'ACTIVE_ONLY',
      onlyArchived: view === 'DELETED_ONLY',
    });
    const runs = page.runs.map((r) => this.getRun(r.id));
    return { runs, ...(offset + max < page.total && { next_page_token: encodeToken(offset + max) }) };
  }

  // ---- artifacts

  putArtifact(runId: string, relPath: string, data: Buffer): void {
    const row = this.writableRow(runId);
    const hash = this.blobs.put(data);
    const name = `artifacts/${relPath}`;
    const old = this.runs.artifact(row.id, name);
    this.runs.setArtifact(row.id, name, hash);
    if (old && old !== hash) this.blobs.releaseIfUnused(old);
  }

  getArtifact(runId: string, relPath: string): Buffer {
    const row = this.runRow(runId);
    const hash = this.runs.artifact(row.id, `artifacts/${relPath}`);
    if (!hash) throw new MlflowError('RESOURCE_DOES_NOT_EXIST', `No artifact at '${relPath}' in run ${row.id}`);
    return this.blobs.read(hash);
  }

  /** The direct children of a folder of a run's artifacts, MLflow's list answer. */
  listArtifacts(runId: string, dir: string): { path: string; is_dir: boolean; file_size?: number }[] {
    const row = this.runRow(runId);
    const prefix = `artifacts/${dir ? dir.replace(/\/$/, '') + '/' : ''}`;
    const all = this.db
      .prepare("SELECT a.name, f.size FROM run_artifacts a JOIN files f ON f.hash = a.file_hash WHERE a.run_id = ? AND a.name LIKE ? ESCAPE '\\' ORDER BY a.name")
      .all(row.id, prefix.replace(/[\\%_]/g, '\\$&') + '%') as { name: string; size: number }[];
    const seen = new Map<string, { path: string; is_dir: boolean; file_size?: number }>();
    for (const a of all) {
      const rest = a.name.slice(prefix.length);
      const [head, ...tail] = rest.split('/');
      const childPath = `${dir ? dir.replace(/\/$/, '') + '/' : ''}${head}`;
      if (tail.length) seen.set(childPath, { path: childPath, is_dir: true });
      else seen.set(childPath, { path: childPath, is_dir: false, file_size: a.size });
    }
    return [...seen.values()];
  }

  // ---- helpers

  private toRun(row: RunRow): MlflowRun {
    const latest = this.db
      .prepare(
        `SELECT s.key, s.last AS value, s.step,
                (SELECT MAX(m.time) FROM metrics m WHERE m.run_id = s.run_id AND m.key = s.key AND m.step = s.step) AS timestamp
         FROM metric_summaries s WHERE s.run_id = ? ORDER BY s.key`,
      )
      .all(row.id) as MlflowMetric[];
    const params = Object.entries(JSON.parse(row.params) as Record<string, unknown>).map(([key, value]) => ({ key, value: String(value) }));
    const tags = Object.entries(JSON.parse(row.tags) as Record<string, string>).map(([key, value]) => ({ key, value: String(value) }));
    const info: MlflowRunInfo = {
      run_id: row.id,
      run_uuid: row.id,
      run_name: row.name,
      experiment_id: String(row.experiment_id),
      user_id: row.user_id ?? '',
      status: STATUS_TO_MLFLOW[row.status],
      start_time: row.started_at ?? row.created_at,
      ...(row.ended_at !== null && { end_time: row.ended_at }),
      artifact_uri: `mlflow-artifacts:/${row.experiment_id}/${row.id}/artifacts`,
      lifecycle_stage: row.archived ? 'deleted' : 'active',
    };
    return { info, data: { metrics: latest, params, tags }, inputs: {} };
  }

  private runRow(id: string | undefined): RunRow {
    const runId = requireString(id, 'run_id');
    const row = this.db.prepare('SELECT id, experiment_id, name, status, params, tags, user_id, started_at, ended_at, created_at, archived FROM runs WHERE id = ?').get(runId) as RunRow | undefined;
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

  private experimentRow(where: string, arg: unknown): ExperimentRow | undefined {
    return this.db.prepare(`${SELECT_EXPERIMENT} WHERE ${where} GROUP BY e.id`).get(arg) as ExperimentRow | undefined;
  }

  private emit(runId: string): void {
    const run = this.runs.summary(runId);
    this.events.emit('run.status', { runId, status: run.status, error: null, run });
  }
}

const SELECT_EXPERIMENT = 'SELECT e.id, e.name, e.created_at, e.tags, MAX(r.created_at) AS last_run FROM experiments e LEFT JOIN runs r ON r.experiment_id = e.id';

function toExperiment(r: ExperimentRow): MlflowExperiment {
  return {
    experiment_id: String(r.id),
    name: r.name,
    artifact_location: `mlflow-artifacts:/${r.id}`,
    lifecycle_stage: 'active',
    last_update_time: r.last_run ?? r.created_at,
    creation_time: r.created_at,
    tags: Object.entries(JSON.parse(r.tags) as Record<string, string>).map(([key, value]) => ({ key, value })),
  };
}

function toRecord(kvs: KeyValue[]): Record<string, string> {
  return Object.fromEntries(kvs.map((kv) => [kv.key, String(kv.value)]));
}

function requireString(v: string | undefined, name: string): string {
  if (v === undefined || v === null || String(v) === '') throw new MlflowError('INVALID_PARAMETER_VALUE', `Missing value for required parameter '${name}'.`);
  return String(v);
}

function validateKeyValue(kv: KeyValue, what: string, maxValue: number): void {
  if (!kv || typeof kv.key !== 'string' || kv.key === '') throw new MlflowError('INVALID_PARAMETER_VALUE', `Invalid ${what}: a ${what} needs a non-empty key`);
  if (kv.key.length > MAX_KEY_LENGTH) throw new MlflowError('INVALID_PARAMETER_VALUE', `${what} key '${kv.key.slice(0, 40)}…' had length ${kv.key.length}, which exceeded length limit of ${MAX_KEY_LENGTH}`);
  if (kv.value === undefined || kv.value === null) throw new MlflowError('INVALID_PARAMETER_VALUE', `Missing value for ${what} '${kv.key}'`);
  if (String(kv.value).length > maxValue) throw new MlflowError('INVALID_PARAMETER_VALUE', `${what} value '${String(kv.value).slice(0, 40)}…' had length ${String(kv.value).length}, which exceeded length limit of ${maxValue}`);
}

function validateMetric(m: MlflowMetric): void {
  if (!m || typeof m.key !== 'string' || m.key === '') throw new MlflowError('INVALID_PARAMETER_VALUE', 'Invalid metric: a metric needs a non-empty key');
  if (m.key.length > MAX_KEY_LENGTH) throw new MlflowError('INVALID_PARAMETER_VALUE', `Metric key had length ${m.key.length}, which exceeded length limit of ${MAX_KEY_LENGTH}`);
  if (typeof m.value !== 'number' && !(typeof m.value === 'string' && Number.isFinite(Number(m.value)))) {
    throw new MlflowError('INVALID_PARAMETER_VALUE', `Got invalid value ${String(m.value)} for metric '${m.key}' (timestamp=${m.timestamp}). Please specify value as a valid double (64-bit floating point)`);
  }
  if (m.timestamp === undefined || !Number.isFinite(Number(m.timestamp))) throw new MlflowError('INVALID_PARAMETER_VALUE', `Missing value for required parameter 'timestamp' of metric '${m.key}'.`);
}

function clampMax(v: number | undefined, dflt: number, max: number): number {
  const n = v === undefined ? dflt : Number(v);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new MlflowError('INVALID_PARAMETER_VALUE', `Invalid value ${v} for parameter 'max_results' supplied. It must be at most ${max}, and at least 1.`);
  return n;
}

function encodeToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString('base64');
}

function decodeToken(token: string | undefined): number {
  if (!token) return 0;
  try {
    const { offset } = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { offset: number };
    if (Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // fall through
  }
  throw new MlflowError('INVALID_PARAMETER_VALUE', 'Invalid page token');
}
