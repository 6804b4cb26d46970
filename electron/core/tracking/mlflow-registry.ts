import { UserError } from '../errors';
import type { ModelRepo, ModelRow, ModelStage, ModelVersionView } from '../registry/model-repo';
import type { ModelRegistry } from '../registry/registry';
import type { RunRepo } from '../runs/run-repo';
import { jsonPath } from '../runs/run-query';
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
const MAX_REGISTRY_TAG_VALUE = 5000;

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
const MODEL_SQL: Record<string, string> = {
  name: 'm.name',
  creation_timestamp: 'm.created_at',
  last_updated_timestamp: 'COALESCE(m.updated_at, m.created_at)',
};
const VERSION_SQL: Record<string, string> = {
  name: 'm.name',
  run_id: 'v.run_id',
  source_path: 'v.artifact_source',
  version_number: 'v.version',
  creation_timestamp: 'v.created_at',
  last_updated_timestamp: 'COALESCE(v.updated_at, v.created_at)',
};

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
  if (!/^[\w-]*$/.test(a) || a.length > 255)
    throw invalid(`Invalid alias name: '${a}'. Names may only contain alphanumerics, underscores (_), and dashes (-).`);
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
  private readonly repo: ModelRepo;

  constructor(
    private readonly registry: ModelRegistry,
    private readonly runs: RunRepo,
  ) {
    this.repo = registry.repo;
  }

  // ---- registered models

  createModel(name: string | undefined, tags: KeyValue[] = [], description = ''): MlflowRegisteredModel {
    const n = required(name, 'name');
    for (const t of tags) validateKeyValue(t, 'tag', MAX_REGISTRY_TAG_VALUE);
    if (this.repo.model(n)) throw new MlflowError('RESOURCE_ALREADY_EXISTS', `Registered Model (name=${n}) already exists.`);
    this.repo.createModel(n, { description, tags: Object.fromEntries(tags.map((t) => [t.key, String(t.value)])) });
    return this.getModel(n);
  }

  getModel(name: string | undefined): MlflowRegisteredModel {
    return this.toModel(this.modelRow(name));
  }

  renameModel(name: string | undefined, newName: string | undefined): MlflowRegisteredModel {
    const m = this.modelRow(name);
    const to = required(newName, 'new_name');
    if (this.repo.model(to)) throw new MlflowError('RESOURCE_ALREADY_EXISTS', `Registered Model (name=${to}) already exists.`);
    this.repo.updateModel(m.id, { name: to });
    return this.getModel(to);
  }

  updateModel(name: string | undefined, description: string | undefined): MlflowRegisteredModel {
    const m = this.modelRow(name);
    if (description !== undefined) this.repo.updateModel(m.id, { description: String(description) });
    return this.getModel(m.name);
  }

  deleteModel(name: string | undefined): void {
    const m = this.modelRow(name);
    this.repo.deleteModel(m.id);
  }

  setModelTag(name: string | undefined, key: string | undefined, value: string | undefined, del = false): void {
    const m = this.modelRow(name);
    const tags = JSON.parse(m.tags) as Record<string, string>;
    this.repo.updateModel(m.id, { tags: editTags(tags, key, value, del, `registered model ${m.name}`) });
  }

  searchModels(req: { filter?: string; max_results?: number; order_by?: string[]; page_token?: string }): {
    registered_models: MlflowRegisteredModel[];
    next_page_token?: string;
  } {
    const where = and(
      parseSearchFilter(req.filter, MODEL_GRAMMAR).map((c) =>
        compare(
          c.type === 'tag' ? { sql: 'json_extract(m.tags, ?)', params: [jsonPath(c.key)] } : { sql: MODEL_SQL[c.key], params: [] },
          c.comparator,
          c.value,
        ),
      ),
    );
    const order = orderSql(req.order_by, MODEL_GRAMMAR, MODEL_SQL, 'm.name ASC');
    const page = pageOf(req, 100, 1000, (limit, offset) => this.repo.searchModels(where, order, limit, offset));
    return { registered_models: page.rows.map((m) => this.toModel(m)), ...(page.next && { next_page_token: page.next }) };
  }

  /** The newest version in each stage asked for (every stage when none is). */
  latestVersions(name: string | undefined, stages: string[] | undefined): MlflowModelVersion[] {
    const m = this.modelRow(name);
    const wanted: ModelStage[] = stages?.length ? stages.map(stageOf) : [...STAGES];
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
      const gate = this.registry.gateStatus(this.registry.resolve(`${v.model_name}@${v.version}`));
      if (gate && gate.status !== 'passed') {
        throw new MlflowError(
          'INVALID_STATE',
          `Can't make ${v.model_name} version ${v.version} champion: it needs an evaluation on held-out rows that passed the project's quality gates (${gate.message}). ` +
            `Evaluate it on its test split with gates set, or set the model version tag '${CHAMPION_REASON_TAG}' to the reason for overriding (recorded in the alias history).`,
        );
      }
    }
    this.registry.moveAlias(v.model_name, v.version, a, reason);
  }

  deleteAlias(name: string | undefined, alias: string | undefined): void {
    const m = this.modelRow(name);
    const a = required(alias, 'alias');
    if (!this.repo.deleteAlias(m.id, a)) throw new MlflowError('RESOURCE_DOES_NOT_EXIST', `Registered model alias ${a} not found.`);
  }

  versionByAlias(name: string | undefined, alias: string | undefined): MlflowModelVersion {
    const m = this.modelRow(name);
    const a = required(alias, 'alias');
    const id = this.repo.aliasTarget(m.id, a);
    if (id === undefined) throw new MlflowError('RESOURCE_DOES_NOT_EXIST', `Registered model alias ${a} not found.`);
    return this.toVersion(this.repo.versionById(id)!);
  }

  // ---- model versions

  /** A version of `name` (created if new), holding the files under the source's run artifact path. */
  createVersion(req: { name?: string; source?: string; run_id?: string; tags?: KeyValue[]; description?: string }): MlflowModelVersion {
    const name = required(req.name, 'name');
    const source = required(req.source, 'source');
    for (const t of req.tags ?? []) validateKeyValue(t, 'tag', MAX_REGISTRY_TAG_VALUE);
    const fromSource = runArtifactOf(source);
    const runId = req.run_id || fromSource?.runId || null;
    if (runId && !this.runs.exists(runId)) throw new MlflowError('RESOURCE_DOES_NOT_EXIST', `Run '${runId}' not found`);
    const files: Record<string, string> = {};
    if (fromSource) {
      const prefix = `artifacts/${fromSource.path ? fromSource.path + '/' : ''}`;
      for (const a of this.runs.artifactsUnder(fromSource.runId, prefix)) files[a.name.slice(prefix.length)] = a.hash;
    }
    if (!this.repo.model(name)) this.createModel(name);
    const id = this.registry.addStored(name, { runId, description: req.description ?? '', files, lineage: { mlflow: { source } } });
    this.repo.updateVersion(id, { tags: Object.fromEntries((req.tags ?? []).map((t) => [t.key, String(t.value)])), artifactSource: source });
    this.repo.updateModel(this.modelRow(name).id, {});
    return this.toVersion(this.repo.versionById(id)!);
  }

  getVersion(name: string | undefined, version: string | undefined): MlflowModelVersion {
    return this.toVersion(this.versionRow(name, version));
  }

  updateVersion(name: string | undefined, version: string | undefined, description: string | undefined): MlflowModelVersion {
    const v = this.versionRow(name, version);
    if (description !== undefined) this.repo.updateVersion(v.id, { description: String(description) });
    return this.getVersion(v.model_name, String(v.version));
  }

  /** Soft, as MLflow's store: the row stays for the alias history; its aliases go. */
  deleteVersion(name: string | undefined, version: string | undefined): void {
    this.repo.deleteVersion(this.versionRow(name, version).id);
  }

  setVersionTag(name: string | undefined, version: string | undefined, key: string | undefined, value: string | undefined, del = false): void {
    const v = this.versionRow(name, version);
    this.repo.updateVersion(v.id, {
      tags: editTags(JSON.parse(v.tags) as Record<string, string>, key, value, del, `model version ${v.model_name} ${v.version}`),
    });
  }

  transitionStage(name: string | undefined, version: string | undefined, stage: string | undefined, archiveExisting: boolean): MlflowModelVersion {
    const v = this.versionRow(name, version);
    const to = stageOf(stage);
    this.repo.setStage(v, to, archiveExisting && (to === 'Staging' || to === 'Production'));
    return this.getVersion(v.model_name, String(v.version));
  }

  downloadUri(name: string | undefined, version: string | undefined): { artifact_uri: string } {
    return { artifact_uri: this.toVersion(this.versionRow(name, version)).source };
  }

  searchVersions(req: { filter?: string; max_results?: number; order_by?: string[]; page_token?: string }): {
    model_versions: MlflowModelVersion[];
    next_page_token?: string;
  } {
    const where = and(
      parseSearchFilter(req.filter, VERSION_GRAMMAR).map((c) =>
        compare(
          c.type === 'tag' ? { sql: 'json_extract(v.tags, ?)', params: [jsonPath(c.key)] } : { sql: VERSION_SQL[c.key], params: [] },
          c.comparator,
          c.value,
        ),
      ),
    );
    const order = orderSql(req.order_by, VERSION_GRAMMAR, VERSION_SQL, 'm.name ASC, v.version DESC');
    const page = pageOf(req, 10000, 200000, (limit, offset) => this.repo.searchVersions(where, order, limit, offset));
    return { model_versions: page.rows.map((v) => this.toVersion(v)), ...(page.next && { next_page_token: page.next }) };
  }

  // ---- helpers

  private modelRow(name: string | undefined): ModelRow {
    const n = required(name, 'name');
    const m = this.repo.model(n);
    if (!m) throw new MlflowError('RESOURCE_DOES_NOT_EXIST', `Registered Model with name=${n} not found`);
    return m;
  }

  /** A model's versions, newest first. */
  private versionRows(modelId: number): ModelVersionView[] {
    return this.repo.versions(modelId).reverse();
  }

  private versionRow(name: string | undefined, version: string | undefined): ModelVersionView {
    const m = this.modelRow(name);
    const given = required(version, 'version');
    if (!/^\d+$/.test(given)) throw invalid(`Model version must be an integer, got '${given}'`);
    const v = this.repo.version(m.id, Number(given));
    if (!v) throw new MlflowError('RESOURCE_DOES_NOT_EXIST', `Model Version (name=${m.name}, version=${given}) not found`);
    return v;
  }

  private toVersion(v: ModelVersionView): MlflowModelVersion {
    const aliases = this.repo.aliasesOf(v.id);
    const experiment = v.run_id ? this.runs.find(v.run_id)?.experiment_id : undefined;
    return {
      name: v.model_name,
      version: String(v.version),
      creation_timestamp: v.created_at,
      last_updated_timestamp: v.updated_at ?? v.created_at,
      user_id: '',
      // Deleted versions (Deleted_Internal) are never read back.
      current_stage: v.stage as Stage,
      description: v.description,
      // Cairn's own versions (trained in the app) name the run's model folder.
      source:
        v.artifact_source ??
        (v.run_id && experiment !== undefined
          ? `mlflow-artifacts:/${toMlflowExperimentId(experiment)}/${v.run_id}/artifacts/model`
          : `models:/${v.model_name}/${v.version}`),
      run_id: v.run_id ?? '',
      status: 'READY',
      tags: tagsOf(v.tags),
      run_link: '',
      aliases,
    };
  }

  private toModel(m: ModelRow): MlflowRegisteredModel {
    const aliases = this.repo.aliases(m.id);
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

/** One page of at most max_results rows (dflt when not given, up to max) from page_token's offset, and the next page's token. */
function pageOf<T>(
  req: { max_results?: number; page_token?: string },
  dflt: number,
  max: number,
  fetch: (limit: number, offset: number) => T[],
): { rows: T[]; next?: string } {
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
  const rows = fetch(n + 1, offset);
  return { rows: rows.slice(0, n), ...(rows.length > n && { next: Buffer.from(JSON.stringify({ offset: offset + n })).toString('base64') }) };
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
  return new MlflowError(
    err.code === 'not_found' ? 'RESOURCE_DOES_NOT_EXIST' : err.code === 'conflict' ? 'INVALID_STATE' : 'INVALID_PARAMETER_VALUE',
    err.message,
  );
}
