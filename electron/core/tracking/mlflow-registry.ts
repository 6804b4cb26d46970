import { UserError } from '../errors';
import type { ModelRegistry } from '../registry/registry';
import { jsonPath } from '../runs/run-query';
import type { Db } from '../store/database';
import { parseOrderBy, parseSearchFilter, type SearchGrammar } from './mlflow-filter';
import { toMlflowExperimentId } from './mlflow-ids';
import { and, compare } from './mlflow-search-sql';
import { MlflowError, type KeyValue } from './mlflow-types';
import { validateKeyValue } from './mlflow-validation';

// MLflow's model registry REST API over Cairn's registry: the same models, versions and aliases
// the app shows. A version registered from a run's artifacts holds those files. Moving `champion`
// keeps Cairn's rule: a passing held-out evaluation, or a reason given as the version's
// `cairn.champion_reason` tag (recorded in the alias history).

export const CHAMPION_REASON_TAG = 'cairn.champion_reason';
const STAGES = ['None', 'Staging', 'Production', 'Archived'] as const;
type Stage = (typeof STAGES)[number];
const DELETED = 'Deleted_Internal';
const MAX_REGISTRY_TAG_VALUE = 5000;

interface ModelRow {
  id: number;
  name: string;
  created_at: number;
  description: string;
  tags: string;
  updated_at: number | null;
}

interface VersionRow {
  id: number;
  model_id: number;
  name: string;
  version: number;
  run_id: string | null;
  description: string;
  created_at: number;
  tags: string;
  stage: Stage;
  artifact_source: string | null;
  updated_at: number | null;
}

export interface MlflowModelVersion {
  name: string;
  version: string;
  creation_timestamp: number;
  last_updated_timestamp: number;
  user_id: string;
  current_stage: Stage;
  description: string;
  source: string;
  run_id: string;
  status: 'READY';
  tags: KeyValue[];
  run_link: string;
  aliases: string[];
}

export interface MlflowRegisteredModel {
  name: string;
  creation_timestamp: number;
  last_updated_timestamp: number;
  description: string;
  latest_versions: MlflowModelVersion[];
  tags: KeyValue[];
  aliases: { alias: string; version: string }[];
}

const MODEL_GRAMMAR: SearchGrammar = {
  entityTypes: ['attribute', 'tag'],
  attributes: new Set(['name']),
  numericAttributes: new Set(),
  listAttributes: new Set(),
  orderAttributes: new Set(['name', 'creation_timestamp', 'last_updated_timestamp']),
};
const VERSION_GRAMMAR: SearchGrammar = {
  entityTypes: ['attribute', 'tag'],
  attributes: new Set(['name', 'run_id', 'source_path', 'version_number']),
  numericAttributes: new Set(['version_number']),
  listAttributes: new Set(['run_id']),
  orderAttributes: new Set(['name', 'version_number', 'creation_timestamp', 'last_updated_timestamp']),
};
const MODEL_SQL: Record<string, string> = { name: 'm.name', creation_timestamp: 'm.created_at', last_updated_timestamp: 'COALESCE(m.updated_at, m.created_at)' };
const VERSION_SQL: Record<string, string> = {
  name: 'm.name',
  run_id: 'v.run_id',
  source_path: 'v.artifact_source',
  version_number: 'v.version',
  creation_timestamp: 'v.created_at',
  last_updated_timestamp: 'COALESCE(v.updated_at, v.created_at)',
};

const SELECT_MODEL = 'SELECT id, name, created_at, description, tags, updated_at FROM models m';
const SELECT_VERSION = `SELECT v.id, v.model_id, m.name, v.version, v.run_id, v.description, v.created_at, v.tags, v.stage, v.artifact_source, v.updated_at
  FROM model_versions v JOIN models m ON m.id = v.model_id`;

function invalid(message: string): MlflowError {
  return new MlflowError('INVALID_PARAMETER_VALUE', message);
}

function required(v: unknown, name: string): string {
  if (v === undefined || v === null || String(v) === '') throw invalid(`Missing value for required parameter '${name}'.`);
  return String(v);
}

function tagsOf(json: string): KeyValue[] {
  return Object.entries(JSON.parse(json) as Record<string, string>).map(([key, value]) => ({ key, value }));
}

function stageOf(s: string | undefined): Stage {
  const found = STAGES.find((x) => x.toLowerCase() === (s ?? '').toLowerCase());
  if (!found) throw invalid(`Invalid Model Version stage: ${s}. Value must be one of ${STAGES.join(', ')}.`);
  return found;
}

/** An alias as MLflow's _validate_model_alias_name allows it. */
function checkAlias(alias: string | undefined): string {
  const a = required(alias, 'alias');
  if (!/^[\w-]*$/.test(a) || a.length > 255) throw invalid(`Invalid alias name: '${a}'. Names may only contain alphanumerics, underscores (_), and dashes (-).`);
  if (/^v\d+$/i.test(a)) throw invalid(`Invalid alias name: '${a}'. Aliases cannot be in the format 'v<number>' or 'V<number>'.`);
  if (a.toLowerCase() === 'latest') throw invalid(`'${a}' alias name (case insensitive) is reserved.`);
  return a;
}

/** `runs:/<run>/<path>` or `mlflow-artifacts:/<exp>/<run>/artifacts/<path>` → the run and path it names. */
function runArtifactOf(source: string): { runId: string; path: string } | null {
  const m = /^runs:\/([0-9a-f]{32})\/?(.*)$/.exec(source) ?? /^mlflow-artifacts:\/\d+\/([0-9a-f]{32})\/artifacts\/?(.*)$/.exec(source);
  return m ? { runId: m[1], path: m[2].replace(/\/+$/, '') } : null;
}

export class MlflowRegistry {
  constructor(
    private readonly db: Db,
    private readonly registry: ModelRegistry,
  ) {}

  // ---- registered models

  createModel(name: string | undefined, tags: KeyValue[] = [], description = ''): MlflowRegisteredModel {
    const n = required(name, 'name');
    for (const t of tags) validateKeyValue(t, 'tag', MAX_REGISTRY_TAG_VALUE);
    if (this.db.prepare('SELECT 1 FROM models WHERE name = ?').get(n)) throw new MlflowError('RESOURCE_ALREADY_EXISTS', `Registered Model (name=${n}) already exists.`);
    const now = Date.now();
    this.db.prepare('INSERT INTO models (name, created_at, description, tags, updated_at) VALUES (?, ?, ?, ?, ?)').run(n, now, description, JSON.stringify(Object.fromEntries(tags.map((t) => [t.key, String(t.value)]))), now);
    return this.getModel(n);
  }

  getModel(name: string | undefined): MlflowRegisteredModel {
    return this.toModel(this.modelRow(name));
  }

  renameModel(name: string | undefined, newName: string | undefined): MlflowRegisteredModel {
    const m = this.modelRow(name);
    const to = required(newName, 'new_name');
    if (this.db.prepare('SELECT 1 FROM models WHERE name = ?').get(to)) throw new MlflowError('RESOURCE_ALREADY_EXISTS', `Registered Model (name=${to}) already exists.`);
    this.db.prepare('UPDATE models SET name = ?, updated_at = ? WHERE id = ?').run(to, Date.now(), m.id);
    return this.getModel(to);
  }

  updateModel(name: string | undefined, description: string | undefined): MlflowRegisteredModel {
    const m = this.modelRow(name);
    if (description !== undefined) this.db.prepare('UPDATE models SET description = ?, updated_at = ? WHERE id = ?').run(String(description), Date.now(), m.id);
    return this.getModel(m.name);
  }

  deleteModel(name: string | undefined): void {
    const m = this.modelRow(name);
    this.db.prepare('DELETE FROM models WHERE id = ?').run(m.id);
  }

  setModelTag(name: string | undefined, key: string | undefined, value: string | undefined, del = false): void {
    const m = this.modelRow(name);
    const tags = JSON.parse(m.tags) as Record<string, string>;
    this.db.prepare('UPDATE models SET tags = ?, updated_at = ? WHERE id = ?').run(JSON.stringify(editTags(tags, key, value, del, `registered model ${m.name}`)), Date.now(), m.id);
  }

  searchModels(req: { filter?: string; max_results?: number; order_by?: string[]; page_token?: string }): { registered_models: MlflowRegisteredModel[]; next_page_token?: string } {
    const where = and(
      parseSearchFilter(req.filter, MODEL_GRAMMAR).map((c) =>
        compare(c.type === 'tag' ? { sql: 'json_extract(m.tags, ?)', params: [jsonPath(c.key)] } : { sql: MODEL_SQL[c.key], params: [] }, c.comparator, c.value),
      ),
    );
    const order = orderSql(req.order_by, MODEL_GRAMMAR, MODEL_SQL, 'm.name ASC');
    const page = this.page(`${SELECT_MODEL} WHERE ${where?.sql ?? '1'} ORDER BY ${order}`, where?.params ?? [], req, 100, 1000) as { rows: ModelRow[]; next?: string };
    return { registered_models: page.rows.map((m) => this.toModel(m)), ...(page.next && { next_page_token: page.next }) };
  }

  /** The newest version in each stage asked for (every stage when none is). */
  latestVersions(name: string | undefined, stages: string[] | undefined): MlflowModelVersion[] {
    const m = this.modelRow(name);
    const wanted = stages?.length ? stages.map(stageOf) : [...STAGES];
    return this.versionRows(m.id)
      .filter((v, i, all) => wanted.includes(v.stage) && all.findIndex((o) => o.stage === v.stage) === i)
      .sort((a, b) => a.version - b.version)
      .map((v) => this.toVersion(v));
  }

  // ---- aliases

  /** Moves an alias through Cairn's registry, so `champion` keeps its gate. */
  setAlias(name: string | undefined, alias: string | undefined, version: string | undefined): void {
    const a = checkAlias(alias);
    const v = this.versionRow(name, version);
    const reason = (JSON.parse(v.tags) as Record<string, string>)[CHAMPION_REASON_TAG];
    if (a === 'champion' && !reason) {
      const gate = this.registry.gateStatus(this.registry.resolve(`${v.name}@${v.version}`));
      if (gate && gate.status !== 'passed') {
        throw new MlflowError(
          'INVALID_STATE',
          `Can't make ${v.name} version ${v.version} champion: it needs an evaluation on held-out rows that passed the project's quality gates (${gate.message}). ` +
            `Evaluate it on its test split with gates set, or set the model version tag '${CHAMPION_REASON_TAG}' to the reason for overriding (recorded in the alias history).`,
        );
      }
    }
    this.registry.moveAlias(v.name, v.version, a, reason);
  }

  deleteAlias(name: string | undefined, alias: string | undefined): void {
    const m = this.modelRow(name);
    const a = required(alias, 'alias');
    const r = this.db.prepare('DELETE FROM model_aliases WHERE model_id = ? AND alias = ?').run(m.id, a);
    if (r.changes === 0) throw new MlflowError('RESOURCE_DOES_NOT_EXIST', `Registered model alias ${a} not found.`);
  }

  versionByAlias(name: string | undefined, alias: string | undefined): MlflowModelVersion {
    const m = this.modelRow(name);
    const a = required(alias, 'alias');
    const id = this.db.prepare('SELECT version_id FROM model_aliases WHERE model_id = ? AND alias = ?').pluck().get(m.id, a) as number | undefined;
    if (id === undefined) throw new MlflowError('RESOURCE_DOES_NOT_EXIST', `Registered model alias ${a} not found.`);
    return this.toVersion(this.db.prepare(`${SELECT_VERSION} WHERE v.id = ?`).get(id) as VersionRow);
  }

  // ---- model versions

  /** A version of `name` (created if new), holding the files under the source's run artifact path. */
  createVersion(req: { name?: string; source?: string; run_id?: string; tags?: KeyValue[]; description?: string }): MlflowModelVersion {
    const name = required(req.name, 'name');
    const source = required(req.source, 'source');
    for (const t of req.tags ?? []) validateKeyValue(t, 'tag', MAX_REGISTRY_TAG_VALUE);
    const fromSource = runArtifactOf(source);
    const runId = req.run_id || fromSource?.runId || null;
    if (runId && !this.db.prepare('SELECT 1 FROM runs WHERE id = ?').get(runId)) throw new MlflowError('RESOURCE_DOES_NOT_EXIST', `Run '${runId}' not found`);
    const files: Record<string, string> = {};
    if (fromSource) {
      const prefix = `artifacts/${fromSource.path ? fromSource.path + '/' : ''}`;
      const rows = this.db
        .prepare("SELECT name, file_hash FROM run_artifacts WHERE run_id = ? AND substr(name, 1, length(?)) = ?")
        .all(fromSource.runId, prefix, prefix) as { name: string; file_hash: string }[];
      for (const r of rows) files[r.name.slice(prefix.length)] = r.file_hash;
    }
    if (!this.db.prepare('SELECT 1 FROM models WHERE name = ?').get(name)) this.createModel(name);
    const id = this.registry.addStored(name, { runId, description: req.description ?? '', files, lineage: { mlflow: { source } } });
    const now = Date.now();
    this.db.prepare('UPDATE model_versions SET tags = ?, artifact_source = ?, updated_at = ? WHERE id = ?').run(JSON.stringify(Object.fromEntries((req.tags ?? []).map((t) => [t.key, String(t.value)]))), source, now, id);
    this.db.prepare('UPDATE models SET updated_at = ? WHERE name = ?').run(now, name);
    return this.toVersion(this.db.prepare(`${SELECT_VERSION} WHERE v.id = ?`).get(id) as VersionRow);
  }

  getVersion(name: string | undefined, version: string | undefined): MlflowModelVersion {
    return this.toVersion(this.versionRow(name, version));
  }

  updateVersion(name: string | undefined, version: string | undefined, description: string | undefined): MlflowModelVersion {
    const v = this.versionRow(name, version);
    if (description !== undefined) this.db.prepare('UPDATE model_versions SET description = ?, updated_at = ? WHERE id = ?').run(String(description), Date.now(), v.id);
    return this.getVersion(v.name, String(v.version));
  }

  /** Soft, as MLflow's store: the row stays for the alias history; its aliases go. */
  deleteVersion(name: string | undefined, version: string | undefined): void {
    const v = this.versionRow(name, version);
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM model_aliases WHERE version_id = ?').run(v.id);
      this.db.prepare('UPDATE model_versions SET stage = ?, updated_at = ? WHERE id = ?').run(DELETED, Date.now(), v.id);
    })();
  }

  setVersionTag(name: string | undefined, version: string | undefined, key: string | undefined, value: string | undefined, del = false): void {
    const v = this.versionRow(name, version);
    const tags = editTags(JSON.parse(v.tags) as Record<string, string>, key, value, del, `model version ${v.name} ${v.version}`);
    this.db.prepare('UPDATE model_versions SET tags = ?, updated_at = ? WHERE id = ?').run(JSON.stringify(tags), Date.now(), v.id);
  }

  transitionStage(name: string | undefined, version: string | undefined, stage: string | undefined, archiveExisting: boolean): MlflowModelVersion {
    const v = this.versionRow(name, version);
    const to = stageOf(stage);
    const now = Date.now();
    this.db.transaction(() => {
      if (archiveExisting && (to === 'Staging' || to === 'Production')) {
        this.db.prepare("UPDATE model_versions SET stage = 'Archived', updated_at = ? WHERE model_id = ? AND stage = ? AND id <> ?").run(now, v.model_id, to, v.id);
      }
      this.db.prepare('UPDATE model_versions SET stage = ?, updated_at = ? WHERE id = ?').run(to, now, v.id);
    })();
    return this.getVersion(v.name, String(v.version));
  }

  downloadUri(name: string | undefined, version: string | undefined): { artifact_uri: string } {
    return { artifact_uri: this.toVersion(this.versionRow(name, version)).source };
  }

  searchVersions(req: { filter?: string; max_results?: number; order_by?: string[]; page_token?: string }): { model_versions: MlflowModelVersion[]; next_page_token?: string } {
    const where = and([
      { sql: `v.stage <> '${DELETED}'`, params: [] },
      ...parseSearchFilter(req.filter, VERSION_GRAMMAR).map((c) =>
        compare(c.type === 'tag' ? { sql: 'json_extract(v.tags, ?)', params: [jsonPath(c.key)] } : { sql: VERSION_SQL[c.key], params: [] }, c.comparator, c.value),
      ),
    ])!;
    const order = orderSql(req.order_by, VERSION_GRAMMAR, VERSION_SQL, 'm.name ASC, v.version DESC');
    const page = this.page(`${SELECT_VERSION} WHERE ${where.sql} ORDER BY ${order}`, where.params, req, 10000, 200000) as { rows: VersionRow[]; next?: string };
    return { model_versions: page.rows.map((v) => this.toVersion(v)), ...(page.next && { next_page_token: page.next }) };
  }

  // ---- helpers

  private page(sql: string, params: unknown[], req: { max_results?: number; page_token?: string }, dflt: number, max: number): { rows: unknown[]; next?: string } {
    const n = req.max_results === undefined ? dflt : Number(req.max_results);
    if (!Number.isInteger(n) || n < 1 || n > max) throw invalid(`Invalid value for max_results. It must be at most ${max}, but got value ${req.max_results}`);
    let offset = 0;
    if (req.page_token) {
      try {
        offset = (JSON.parse(Buffer.from(req.page_token, 'base64').toString('utf8')) as { offset: number }).offset;
      } catch {
        offset = -1;
      }
      if (!Number.isInteger(offset) || offset < 0) throw invalid('Invalid page token');
    }
    const rows = this.db.prepare(`${sql} LIMIT ? OFFSET ?`).all(...params, n + 1, offset);
    return { rows: rows.slice(0, n), ...(rows.length > n && { next: Buffer.from(JSON.stringify({ offset: offset + n })).toString('base64') }) };
  }

  private modelRow(name: string | undefined): ModelRow {
    const n = required(name, 'name');
    const m = this.db.prepare(`${SELECT_MODEL} WHERE name = ?`).get(n) as ModelRow | undefined;
    if (!m) throw new MlflowError('RESOURCE_DOES_NOT_EXIST', `Registered Model with name=${n} not found`);
    return m;
  }

  private versionRows(modelId: number): VersionRow[] {
    return this.db.prepare(`${SELECT_VERSION} WHERE v.model_id = ? AND v.stage <> '${DELETED}' ORDER BY v.version DESC`).all(modelId) as VersionRow[];
  }

  private versionRow(name: string | undefined, version: string | undefined): VersionRow {
    const m = this.modelRow(name);
    const given = required(version, 'version');
    if (!/^\d+$/.test(given)) throw invalid(`Model version must be an integer, got '${given}'`);
    const v = this.db.prepare(`${SELECT_VERSION} WHERE v.model_id = ? AND v.version = ? AND v.stage <> '${DELETED}'`).get(m.id, Number(given)) as VersionRow | undefined;
    if (!v) throw new MlflowError('RESOURCE_DOES_NOT_EXIST', `Model Version (name=${m.name}, version=${given}) not found`);
    return v;
  }

  private toVersion(v: VersionRow): MlflowModelVersion {
    const aliases = this.db.prepare('SELECT alias FROM model_aliases WHERE version_id = ? ORDER BY alias').pluck().all(v.id) as string[];
    const experiment = v.run_id ? (this.db.prepare('SELECT experiment_id FROM runs WHERE id = ?').pluck().get(v.run_id) as number | undefined) : undefined;
    return {
      name: v.name,
      version: String(v.version),
      creation_timestamp: v.created_at,
      last_updated_timestamp: v.updated_at ?? v.created_at,
      user_id: '',
      current_stage: v.stage,
      description: v.description,
      // Cairn's own versions (trained in the app) name the run's model folder.
      source: v.artifact_source ?? (v.run_id && experiment !== undefined ? `mlflow-artifacts:/${toMlflowExperimentId(experiment)}/${v.run_id}/artifacts/model` : `models:/${v.name}/${v.version}`),
      run_id: v.run_id ?? '',
      status: 'READY',
      tags: tagsOf(v.tags),
      run_link: '',
      aliases,
    };
  }

  private toModel(m: ModelRow): MlflowRegisteredModel {
    const aliases = this.db
      .prepare('SELECT a.alias, v.version FROM model_aliases a JOIN model_versions v ON v.id = a.version_id WHERE a.model_id = ? ORDER BY a.alias')
      .all(m.id) as { alias: string; version: number }[];
    const latest = this.versionRows(m.id).filter((v, i, all) => all.findIndex((o) => o.stage === v.stage) === i);
    return {
      name: m.name,
      creation_timestamp: m.created_at,
      last_updated_timestamp: m.updated_at ?? m.created_at,
      description: m.description,
      latest_versions: latest.sort((a, b) => a.version - b.version).map((v) => this.toVersion(v)),
      tags: tagsOf(m.tags),
      aliases: aliases.map((a) => ({ alias: a.alias, version: String(a.version) })),
    };
  }
}

function editTags(tags: Record<string, string>, key: string | undefined, value: string | undefined, del: boolean, owner: string): Record<string, string> {
  const k = required(key, 'key');
  if (del) {
    if (!(k in tags)) throw new MlflowError('RESOURCE_DOES_NOT_EXIST', `No tag with key '${k}' found for ${owner}.`);
    delete tags[k];
    return tags;
  }
  validateKeyValue({ key: k, value: value as string }, 'tag', MAX_REGISTRY_TAG_VALUE);
  return { ...tags, [k]: String(value) };
}

function orderSql(orderBy: string[] | undefined, grammar: SearchGrammar, columns: Record<string, string>, dflt: string): string {
  if (!orderBy?.length) return dflt;
  const parts = orderBy.map((clause) => {
    const o = parseOrderBy(clause, grammar);
    if (o.type !== 'attribute') throw invalid(`Invalid order_by entity: ${o.type}`);
    return `${columns[o.key]} ${o.asc ? 'ASC' : 'DESC'}`;
  });
  return [...parts, dflt].join(', ');
}

/** Cairn's registry errors in MLflow's shape. */
export function registryError(err: unknown): unknown {
  if (!(err instanceof UserError)) return err;
  return new MlflowError(err.code === 'not_found' ? 'RESOURCE_DOES_NOT_EXIST' : err.code === 'conflict' ? 'INVALID_STATE' : 'INVALID_PARAMETER_VALUE', err.message);
}

