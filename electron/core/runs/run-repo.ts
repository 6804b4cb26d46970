import crypto from 'node:crypto';
import type {
  EngineInfo,
  Experiment,
  MetricSummary,
  RunColumns,
  RunDatasetInput,
  RunDetail,
  RunEnvironment,
  RunPage,
  RunProgress,
  RunStatus,
  RunSummary,
} from '../../../shared/domain';
import type { ExperimentKey } from '../../../shared/api/calls/keys';
import { filterFields, keyWarnings } from './key-warnings';
import { nonFiniteCounts } from './metric-store';
import { compileNode, compileSort, parseRunFilter, parseSortField, type Compiled } from './run-query';
import { flattenParams, type TrainConfig } from '../../../shared/training/config';
import type { Db } from '../store/database';
import { notFound, UserError } from '../errors';
import { isBusy, isDiskFull } from '../store/store-errors';
import type { BlobStore } from '../files/blob-store';
import { JOIN_RUN_DATASET } from '../datasets/run-dataset-join';
import { ExperimentRepo } from './experiment-repo';

/** A row of `runs`, as stored; JSON columns are text. */
export interface RunRow {
  id: string;
  experiment_id: number;
  name: string;
  status: RunStatus;
  model_type: string;
  config: string;
  params: string;
  tags: string;
  notes: string;
  seed: number;
  engine: string | null;
  device: string | null;
  engine_info: string | null;
  dataset_version_id: number | null;
  classes: string;
  preprocessing: string | null;
  checkpoint_epoch: number | null;
  error: string | null;
  owner_pid: number | null;
  progress: string | null;
  environment: string | null;
  sweep_id: number | null;
  starred: number;
  archived: number;
  /** 'mlflow': logged through the MLflow API (or pulled), not trained here. */
  source: 'cairn' | 'mlflow';
  user_id: string | null;
  /** The team server a pulled run came from; such a run is read-only here. */
  origin: string | null;
  created_at: number;
  started_at: number | null;
  ended_at: number | null;
}

/** A row of `run_inputs`: a dataset an MLflow client said the run used. */
export interface RunInputRow {
  run_id: string;
  name: string;
  digest: string;
  source_type: string;
  source: string;
  schema: string | null;
  profile: string | null;
  context: string | null;
  /** JSON list of {key, value}. */
  tags: string;
  created_at: number;
}

/** A run with the names the app shows beside it. */
type RunView = RunRow & { experiment_name: string; dataset_name: string | null; dataset_version: number | null };

const SELECT_RUN = `
  SELECT r.*, e.name AS experiment_name, d.name AS dataset_name, v.version AS dataset_version
  FROM runs r
  JOIN experiments e ON e.id = r.experiment_id
  ${JOIN_RUN_DATASET}`;

export interface NewRun {
  experimentId: number;
  name?: string;
  config: TrainConfig;
  datasetVersionId: number;
  classes: string[];
  sweepId?: number;
}

export interface RunQuery {
  experimentId?: number;
  experimentIds?: number[];
  filter?: string;
  sort?: { field: string; dir: 'asc' | 'desc' };
  offset: number;
  limit: number;
  includeArchived?: boolean;
  onlyArchived?: boolean;
}

/** The experiments a query covers, as a condition on `runs r`, named for messages. */
function experimentScope(q: Pick<RunQuery, 'experimentId' | 'experimentIds'>): Compiled & { label: string } {
  if (q.experimentId !== undefined) return { sql: 'r.experiment_id = ?', params: [q.experimentId], label: 'in this experiment' };
  if (q.experimentIds)
    return { sql: `r.experiment_id IN (${q.experimentIds.map(() => '?').join(', ')})`, params: q.experimentIds, label: 'in these experiments' };
  return { sql: '1', params: [], label: 'here' };
}

/** The `runs`, `run_artifacts` and `run_inputs` tables' only SQL (metrics: MetricStore; experiments: ExperimentRepo). */
export class RunRepo {
  readonly experimentRepo: ExperimentRepo;

  constructor(
    private readonly db: Db,
    private readonly blobs: BlobStore,
  ) {
    this.experimentRepo = new ExperimentRepo(db);
  }

  experiments(): Experiment[] {
    return this.experimentRepo.list();
  }

  /** The id of an experiment given by id or name: the one resolver of experiments behind the calls that take one. */
  experimentId(key: ExperimentKey): number {
    if (typeof key === 'number') return key;
    const e = this.experimentByName(key, false);
    if (!e) throw new UserError(`No experiment named "${key}"`, 'not_found', 'experiment');
    return e.id;
  }

  experimentByName(name: string, create: boolean): Experiment | null {
    const find = () => this.experiments().find((e) => e.name === name) ?? null;
    const found = find();
    if (found || !create) return found;
    this.experimentRepo.ensure(name);
    return find();
  }

  /** An experiment's spending cap (null: none). */
  setExperimentBudget(experimentId: number, budget: number | null): void {
    this.experimentRepo.setBudget(experimentId, budget);
  }

  create(r: NewRun): RunSummary {
    const id = newRunId();
    const count = this.db.prepare('SELECT COUNT(*) FROM runs WHERE experiment_id = ?').pluck().get(r.experimentId) as number;
    this.db
      .prepare(
        `INSERT INTO runs (id, experiment_id, name, status, model_type, config, params, seed, dataset_version_id, classes, sweep_id, created_at)
         VALUES (?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        r.experimentId,
        r.name || `${r.config.model}-${count + 1}`,
        r.config.model,
        JSON.stringify(r.config),
        JSON.stringify(flattenParams(r.config)),
        r.config.seed,
        r.datasetVersionId,
        JSON.stringify(r.classes),
        r.sweepId ?? null,
        Date.now(),
      );
    return this.summary(id);
  }

  list(experimentId?: number): RunSummary[] {
    const rows = (
      experimentId === undefined
        ? this.db.prepare(`${SELECT_RUN} ORDER BY r.created_at DESC`).all()
        : this.db.prepare(`${SELECT_RUN} WHERE r.experiment_id = ? ORDER BY r.created_at DESC`).all(experimentId)
    ) as RunView[];
    return this.toSummaries(rows);
  }

  /**
   * A page of runs filtered and sorted in SQL, so the table stays instant at 10,000 runs. The
   * first page also carries warnings for filter and sort keys that no run in scope has.
   */
  query(q: RunQuery): RunPage {
    const scope = experimentScope(q);
    const where = [scope.sql];
    const params = [...scope.params];
    if (q.onlyArchived) where.push('r.archived = 1');
    else if (!q.includeArchived) where.push('r.archived = 0');
    const ast = parseRunFilter(q.filter);
    const filter = ast ? compileNode(ast) : null;
    if (filter) {
      where.push(filter.sql);
      params.push(...filter.params);
    }
    const whereSql = `WHERE ${where.join(' AND ')}`;
    const sortField = q.sort ? parseSortField(q.sort.field) : null;
    const sort = sortField ? compileSort(sortField, q.sort!.dir) : { sql: 'r.created_at DESC', params: [] };
    const total = this.db
      .prepare(`SELECT COUNT(*) FROM runs r JOIN experiments e ON e.id = r.experiment_id ${JOIN_RUN_DATASET} ${whereSql}`)
      .pluck()
      .get(...params) as number;
    const rows = this.db
      .prepare(`${SELECT_RUN} ${whereSql} ORDER BY ${sort.sql} LIMIT ? OFFSET ?`)
      .all(...params, ...sort.params, q.limit, q.offset) as RunView[];
    const named = [...(ast ? filterFields(ast) : []), ...(sortField ? [sortField] : [])];
    const warnings = q.offset === 0 ? keyWarnings(this.db, named, scope, (kind) => this.keysIn(scope, kind)) : [];
    return { total, offset: q.offset, runs: this.toSummaries(rows), warnings };
  }

  /** Param, metric and tag keys present in an experiment (or everywhere), for choosing columns. */
  columns(experimentId?: number): RunColumns {
    return this.columnsIn(experimentScope({ experimentId }));
  }

  private columnsIn(scope: Compiled): RunColumns {
    return { params: this.keysIn(scope, 'params'), metrics: this.keysIn(scope, 'metrics'), tags: this.keysIn(scope, 'tags') };
  }

  private keysIn(scope: Compiled, kind: keyof RunColumns): string[] {
    const sql =
      kind === 'metrics'
        ? `SELECT DISTINCT ms.key FROM metric_summaries ms JOIN runs r ON r.id = ms.run_id WHERE ${scope.sql} ORDER BY ms.key`
        : `SELECT DISTINCT j.key FROM runs r, json_each(r.${kind}) j WHERE ${scope.sql} ORDER BY j.key`;
    return this.db
      .prepare(sql)
      .pluck()
      .all(...scope.params) as string[];
  }

  summary(id: string): RunSummary {
    return this.toSummaries([this.row(id)])[0];
  }

  detail(id: string): RunDetail {
    const row = this.row(id);
    const artifacts = this.artifactsUnder(id, '');
    return {
      ...this.toSummaries([row])[0],
      notes: row.notes,
      error: row.error,
      config: JSON.parse(row.config) as TrainConfig,
      datasetVersionId: row.dataset_version_id,
      checkpointEpoch: row.checkpoint_epoch,
      artifacts,
      preprocessing: row.preprocessing ? JSON.parse(row.preprocessing) : null,
      engineInfo: row.engine_info ? (JSON.parse(row.engine_info) as EngineInfo) : null,
      classes: JSON.parse(row.classes) as string[],
      environment: row.environment ? (JSON.parse(row.environment) as RunEnvironment) : null,
      sweepId: row.sweep_id,
      inputs: this.inputs(id).map((i): RunDatasetInput => ({
        name: i.name,
        digest: i.digest,
        sourceType: i.source_type,
        source: i.source,
        schema: i.schema,
        profile: i.profile,
        context: i.context,
      })),
    };
  }

  /** Milliseconds an experiment's runs have run (a running one up to now). */
  wallTimeMs(experimentId: number): number {
    return this.db
      .prepare(
        "SELECT COALESCE(SUM(COALESCE(ended_at, CAST(unixepoch('subsec') * 1000 AS INTEGER)) - started_at), 0) FROM runs WHERE experiment_id = ? AND started_at IS NOT NULL",
      )
      .pluck()
      .get(experimentId) as number;
  }

  /** Mean wall time of the experiment's finished runs (null: none yet). */
  meanFinishedMs(experimentId: number): number | null {
    return (
      (this.db
        .prepare("SELECT AVG(ended_at - started_at) FROM runs WHERE experiment_id = ? AND status = 'finished' AND started_at IS NOT NULL")
        .pluck()
        .get(experimentId) as number | null) ?? null
    );
  }

  /** The latest finished runs of a model type that took time, newest first. */
  recentFinished(modelType: string, limit: number): Pick<RunRow, 'id' | 'config' | 'started_at' | 'ended_at'>[] {
    return this.db
      .prepare(
        "SELECT id, config, started_at, ended_at FROM runs WHERE status = 'finished' AND model_type = ? AND started_at IS NOT NULL AND ended_at > started_at ORDER BY ended_at DESC LIMIT ?",
      )
      .all(modelType, limit) as Pick<RunRow, 'id' | 'config' | 'started_at' | 'ended_at'>[];
  }

  /** The runs trained on a dataset version, oldest first. */
  trainedOn(versionId: number): string[] {
    return this.db.prepare('SELECT id FROM runs WHERE dataset_version_id = ? ORDER BY created_at').pluck().all(versionId) as string[];
  }

  /** A sweep's trials, in the order they were created. */
  sweepRunIds(sweepId: number): string[] {
    return this.db.prepare('SELECT id FROM runs WHERE sweep_id = ? ORDER BY created_at, rowid').pluck().all(sweepId) as string[];
  }

  /** The stored row, or undefined. */
  find(id: string): RunRow | undefined {
    return this.db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined;
  }

  /** A run logged by an MLflow client: running from `startedAt`, its config and params empty. */
  createLogged(r: { experimentId: number; name: string; tags: Record<string, string>; userId: string; startedAt: number }): string {
    const id = newRunId();
    this.db
      .prepare(
        `INSERT INTO runs (id, experiment_id, name, status, model_type, config, params, tags, seed, source, user_id, created_at, started_at)
         VALUES (?, ?, ?, 'running', 'external', '{}', '{}', ?, 0, 'mlflow', ?, ?, ?)`,
      )
      .run(id, r.experimentId, r.name, JSON.stringify(r.tags), r.userId, r.startedAt, r.startedAt);
    return id;
  }

  /** A logged run's own report of where it stands (MLflow's UpdateRun). */
  report(id: string, r: { status: RunStatus; endedAt: number | null; name: string; tags: Record<string, string> }): void {
    this.db.prepare('UPDATE runs SET status = ?, ended_at = ?, name = ?, tags = ? WHERE id = ?').run(r.status, r.endedAt, r.name, JSON.stringify(r.tags), id);
  }

  setParams(id: string, params: Record<string, unknown>): void {
    this.db.prepare('UPDATE runs SET params = ? WHERE id = ?').run(JSON.stringify(params), id);
  }

  /** Ids of a page of runs matching every condition (SQL over `runs r`), in the order given. */
  searchIds(where: Compiled[], order: Compiled, limit: number, offset: number): string[] {
    const sql = where.length ? where.map((w) => `(${w.sql})`).join(' AND ') : '1';
    return this.db
      .prepare(`SELECT r.id FROM runs r WHERE ${sql} ORDER BY ${order.sql} LIMIT ? OFFSET ?`)
      .pluck()
      .all(...where.flatMap((w) => w.params), ...order.params, limit, offset) as string[];
  }

  /** The datasets a run used, oldest first. */
  inputs(id: string): RunInputRow[] {
    return this.db.prepare('SELECT * FROM run_inputs WHERE run_id = ? ORDER BY created_at, name').all(id) as RunInputRow[];
  }

  /** Records datasets a run used; one logged again (same name and digest) gets the new tags and context. */
  addInputs(id: string, inputs: Omit<RunInputRow, 'run_id' | 'created_at'>[]): void {
    const insert = this.db.prepare(
      `INSERT INTO run_inputs (run_id, name, digest, source_type, source, schema, profile, context, tags, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (run_id, name, digest) DO UPDATE SET tags = excluded.tags, context = excluded.context`,
    );
    this.db.transaction(() => {
      for (const i of inputs) insert.run(id, i.name, i.digest, i.source_type, i.source, i.schema, i.profile, i.context, i.tags, Date.now());
    })();
  }

  /** A run's stored files whose names start with `prefix` ('' for all), by name, with their sizes. */
  artifactsUnder(id: string, prefix: string): { name: string; hash: string; size: number }[] {
    const rows = this.db
      .prepare('SELECT name, file_hash AS hash FROM run_artifacts WHERE run_id = ? AND substr(name, 1, length(?)) = ? ORDER BY name')
      .all(id, prefix, prefix) as { name: string; hash: string }[];
    const sizes = this.blobs.sizes(rows.map((r) => r.hash));
    return rows.map((r) => ({ ...r, size: sizes.get(r.hash) ?? 0 }));
  }

  exists(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM runs WHERE id = ?').get(id) !== undefined;
  }

  /** Resolves a full id or a unique prefix of one (as printed in tables). */
  resolveId(ref: string): string {
    if (this.exists(ref)) return ref;
    const matches = this.db
      .prepare("SELECT id FROM runs WHERE id LIKE ? || '%' ESCAPE '\\' LIMIT 2")
      .pluck()
      .all(ref.replace(/[\\%_]/g, '\\$&')) as string[];
    if (matches.length === 1) return matches[0];
    throw notFound(matches.length > 1 ? `Run id "${ref}" is ambiguous; run` : `Run ${ref}`);
  }

  /** Refuses, in one line, to change a run pulled from a team server: that server holds the truth. */
  assertWritable(id: string): void {
    const origin = this.db.prepare('SELECT origin FROM runs WHERE id = ?').pluck().get(id) as string | null | undefined;
    if (origin) throw new UserError(`Run ${id} was pulled from ${origin} and is read-only here; change it on that server`, 'conflict');
  }

  /** Back to the queue to resume from its checkpoint, owned by this process. */
  requeue(id: string, pid: number): void {
    this.db.prepare("UPDATE runs SET status = 'queued', error = NULL, ended_at = NULL, owner_pid = ? WHERE id = ?").run(pid, id);
  }

  /** A run pulled from a team server (`cairn pull`), inserted or brought up to date; read-only here. */
  upsertPulled(r: {
    id: string;
    experimentId: number;
    name: string;
    status: string;
    modelType: string;
    engine: string | null;
    device: string | null;
    params: string;
    tags: string;
    notes: string;
    user: string | null;
    origin: string;
    start: number;
    end: number | null;
  }): void {
    this.db
      .prepare(
        `INSERT INTO runs (id, experiment_id, name, status, model_type, engine, device, config, params, tags, notes, seed, source, user_id, origin, created_at, started_at, ended_at)
         VALUES (@id, @experimentId, @name, @status, @modelType, @engine, @device, '{}', @params, @tags, @notes, 0, 'mlflow', @user, @origin, @start, @start, @end)
         ON CONFLICT (id) DO UPDATE SET experiment_id = excluded.experiment_id, name = excluded.name, status = excluded.status, engine = excluded.engine,
           device = excluded.device, params = excluded.params, tags = excluded.tags, notes = excluded.notes, user_id = excluded.user_id,
           started_at = excluded.started_at, ended_at = excluded.ended_at`,
      )
      .run(r);
  }

  markRunning(id: string, pid: number): void {
    this.db
      .prepare("UPDATE runs SET status = 'running', started_at = COALESCE(started_at, ?), ended_at = NULL, error = NULL, owner_pid = ? WHERE id = ?")
      .run(Date.now(), pid, id);
  }

  setEngine(id: string, info: EngineInfo): void {
    this.db.prepare('UPDATE runs SET engine = ?, device = ?, engine_info = ? WHERE id = ?').run(info.engine, info.device, JSON.stringify(info), id);
  }

  setEnvironment(id: string, env: RunEnvironment): void {
    this.db.prepare('UPDATE runs SET environment = ? WHERE id = ?').run(JSON.stringify(env), id);
  }

  setPreprocessing(id: string, spec: unknown): void {
    this.db.prepare('UPDATE runs SET preprocessing = ? WHERE id = ?').run(JSON.stringify(spec), id);
  }

  setProgress(id: string, progress: RunProgress): void {
    this.db.prepare('UPDATE runs SET progress = ? WHERE id = ?').run(JSON.stringify(progress), id);
  }

  /** Records the newest checkpoint; returns the hashes it replaced, for the caller to release. */
  setCheckpoint(id: string, epoch: number, files: Record<string, string>): string[] {
    return this.db.transaction(() => {
      this.db.prepare('UPDATE runs SET checkpoint_epoch = ? WHERE id = ?').run(epoch, id);
      const replaced: string[] = [];
      for (const [name, hash] of Object.entries(files)) {
        const old = this.artifact(id, name);
        if (old && old !== hash) replaced.push(old);
        this.setArtifact(id, name, hash);
      }
      return replaced;
    })();
  }

  setArtifact(id: string, name: string, hash: string): void {
    this.db.prepare('INSERT OR REPLACE INTO run_artifacts (run_id, name, file_hash) VALUES (?, ?, ?)').run(id, name, hash);
  }

  artifact(id: string, name: string): string | null {
    return (this.db.prepare('SELECT file_hash FROM run_artifacts WHERE run_id = ? AND name = ?').pluck().get(id, name) as string | undefined) ?? null;
  }

  finish(id: string, status: Exclude<RunStatus, 'queued' | 'running'>, error: string | null = null): void {
    this.db.prepare('UPDATE runs SET status = ?, error = ?, ended_at = ?, owner_pid = NULL WHERE id = ?').run(status, error, Date.now(), id);
  }

  update(id: string, patch: { name?: string; notes?: string; tags?: Record<string, string>; starred?: boolean; archived?: boolean }): void {
    const row = this.row(id);
    this.db
      .prepare('UPDATE runs SET name = ?, notes = ?, tags = ?, starred = ?, archived = ? WHERE id = ?')
      .run(
        patch.name ?? row.name,
        patch.notes ?? row.notes,
        JSON.stringify(patch.tags ?? JSON.parse(row.tags)),
        Number(patch.starred ?? row.starred === 1),
        Number(patch.archived ?? row.archived === 1),
        id,
      );
  }

  /** Deletes a finished run with its metrics and artifact records; returns the file hashes it held. */
  delete(id: string): string[] {
    return this.db.transaction(() => {
      const hashes = this.db.prepare('SELECT file_hash FROM run_artifacts WHERE run_id = ?').pluck().all(id) as string[];
      this.db.prepare('DELETE FROM runs WHERE id = ?').run(id);
      return hashes;
    })();
  }

  /**
   * Runs left `running` or `queued` by a process that no longer exists: the app or CLI that
   * owned them died. Runs owned by a live process (another CLI sharing the folder) are left alone,
   * and so are runs logged through the MLflow API, whose scripts report their own end.
   */
  interruptOrphans(isAlive: (pid: number) => boolean): string[] {
    const rows = this.db.prepare("SELECT id, owner_pid FROM runs WHERE status IN ('running', 'queued') AND source = 'cairn'").all() as {
      id: string;
      owner_pid: number | null;
    }[];
    const orphans = rows.filter((r) => r.owner_pid === null || !isAlive(r.owner_pid)).map((r) => r.id);
    if (orphans.length === 0) return [];
    const mark = this.db.prepare(
      "UPDATE runs SET status = 'interrupted', ended_at = ?, owner_pid = NULL, error = 'The process running it stopped before it ended' WHERE id = ?",
    );
    try {
      this.db.transaction(() => orphans.forEach((id) => mark.run(Date.now(), id)))();
    } catch (err) {
      // At open, which must work for reads on a full disk or a locked store: the next opener marks them.
      if (isBusy(err) || isDiskFull(err)) return [];
      throw err;
    }
    return orphans;
  }

  /** Queued or running: after interruptOrphans, only runs a live process is working on. */
  isLive(id: string): boolean {
    return this.db.prepare("SELECT 1 FROM runs WHERE id = ? AND status IN ('running', 'queued')").get(id) !== undefined;
  }

  claim(id: string, pid: number): void {
    this.db.prepare('UPDATE runs SET owner_pid = ? WHERE id = ?').run(pid, id);
  }

  private row(id: string): RunView {
    const row = this.db.prepare(`${SELECT_RUN} WHERE r.id = ?`).get(id) as RunView | undefined;
    if (!row) throw notFound(`Run ${id}`);
    return row;
  }

  /** Summaries with their metrics' finite last/min/max, and how many non-finite points each left out. */
  private toSummaries(rows: RunView[]): RunSummary[] {
    const ids = rows.map((r) => r.id);
    const summaries = this.metricSummaries(ids);
    const nonFinite = nonFiniteCounts(this.db, ids);
    return rows.map((r) => {
      const skipped = nonFinite.get(r.id);
      return { ...toSummary(r, summaries.get(r.id) ?? {}), ...(skipped && { nonFiniteMetrics: skipped }) };
    });
  }

  private metricSummaries(ids: string[]): Map<string, Record<string, MetricSummary>> {
    const out = new Map<string, Record<string, MetricSummary>>();
    if (ids.length === 0) return out;
    const stmt = this.db.prepare(
      "SELECT run_id, key, last, min, max, step FROM metric_summaries WHERE run_id IN (SELECT value FROM json_each(?)) AND key NOT LIKE 'batch/%'",
    );
    for (const r of stmt.all(JSON.stringify(ids)) as ({ run_id: string; key: string } & MetricSummary)[]) {
      const m = out.get(r.run_id) ?? {};
      m[r.key] = { last: r.last, min: r.min, max: r.max, step: r.step };
      out.set(r.run_id, m);
    }
    return out;
  }
}

function toSummary(r: RunView, metrics: Record<string, MetricSummary>): RunSummary {
  return {
    id: r.id,
    name: r.name,
    experimentId: r.experiment_id,
    experimentName: r.experiment_name,
    status: r.status,
    modelType: r.model_type,
    engine: r.engine,
    device: r.device,
    seed: r.seed,
    params: JSON.parse(r.params) as RunSummary['params'],
    tags: JSON.parse(r.tags) as Record<string, string>,
    starred: r.starred === 1,
    archived: r.archived === 1,
    datasetName: r.dataset_name,
    datasetVersion: r.dataset_version,
    createdAt: r.created_at,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    metrics,
    progress: r.status === 'running' && r.progress ? (JSON.parse(r.progress) as RunProgress) : null,
    origin: r.origin,
  };
}

/** 32 hex digits, as MLflow's run ids. */
function newRunId(): string {
  return crypto.randomUUID().replace(/-/g, '');
}
