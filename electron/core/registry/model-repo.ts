import type { Compiled } from '../runs/run-query';
import type { Db } from '../store/database';

/** A row of `models`. */
export interface ModelRow {
  id: number;
  name: string;
  created_at: number;
  description: string;
  /** JSON object of tag key to value. */
  tags: string;
  updated_at: number | null;
}

/** MLflow's stages; a version deleted through the MLflow API keeps its row as Deleted_Internal. */
export type ModelStage = 'None' | 'Staging' | 'Production' | 'Archived' | 'Deleted_Internal';

/** A row of `model_versions`; JSON columns are text. */
export interface ModelVersionRow {
  id: number;
  model_id: number;
  version: number;
  run_id: string | null;
  source: 'run' | 'import';
  description: string;
  classes: string;
  preprocessing: string | null;
  lineage: string;
  created_at: number;
  tags: string;
  stage: ModelStage;
  /** Where an MLflow client said the files came from (runs:/…); null for Cairn's own. */
  artifact_source: string | null;
  updated_at: number | null;
}

/** A version with its model's name. */
export type ModelVersionView = ModelVersionRow & { model_name: string };

/** A row of `model_alias_history`, with the version numbers it moved between. */
export interface AliasMoveRow {
  alias: string;
  version: number;
  previous: number | null;
  moved_at: number;
  reason: string | null;
  override: number;
}

// A deleted version keeps its row (alias history points at it) and is hidden from every read.
const SELECT_VERSION = "SELECT v.*, m.name AS model_name FROM model_versions v JOIN models m ON m.id = v.model_id AND v.stage <> 'Deleted_Internal'";

/**
 * The registry's tables (models, model_versions, model_version_files, model_aliases,
 * model_alias_history): their only SQL. The registry's rules (champion gates, MLflow's checks)
 * stay with the services that call this.
 */
export class ModelRepo {
  constructor(private readonly db: Db) {}

  // ---- models

  models(): ModelRow[] {
    return this.db.prepare('SELECT * FROM models ORDER BY name').all() as ModelRow[];
  }

  model(name: string): ModelRow | undefined {
    return this.db.prepare('SELECT * FROM models WHERE name = ?').get(name) as ModelRow | undefined;
  }

  /** A page of models matching the condition (SQL over `models m`), in the order given. */
  searchModels(where: Compiled | null, order: string, limit: number, offset: number): ModelRow[] {
    return this.db
      .prepare(`SELECT * FROM models m WHERE ${where?.sql ?? '1'} ORDER BY ${order} LIMIT ? OFFSET ?`)
      .all(...(where?.params ?? []), limit, offset) as ModelRow[];
  }

  /** A new model; the name must be free (the caller says so in its own words). */
  createModel(name: string, m: { description: string; tags: Record<string, string> }): void {
    const now = Date.now();
    this.db
      .prepare('INSERT INTO models (name, created_at, description, tags, updated_at) VALUES (?, ?, ?, ?, ?)')
      .run(name, now, m.description, JSON.stringify(m.tags), now);
  }

  /** Changes what is given and marks the model updated now. */
  updateModel(id: number, patch: { name?: string; description?: string; tags?: Record<string, string> }): void {
    this.db
      .prepare('UPDATE models SET name = COALESCE(?, name), description = COALESCE(?, description), tags = COALESCE(?, tags), updated_at = ? WHERE id = ?')
      .run(patch.name ?? null, patch.description ?? null, patch.tags ? JSON.stringify(patch.tags) : null, Date.now(), id);
  }

  /** Deletes the model; its versions and aliases go with it. */
  deleteModel(id: number): void {
    this.db.prepare('DELETE FROM models WHERE id = ?').run(id);
  }

  // ---- versions

  /** A model's versions, oldest first. */
  versions(modelId: number): ModelVersionView[] {
    return this.db.prepare(`${SELECT_VERSION} WHERE v.model_id = ? ORDER BY v.version`).all(modelId) as ModelVersionView[];
  }

  version(modelId: number, version: number): ModelVersionView | undefined {
    return this.db.prepare(`${SELECT_VERSION} WHERE v.model_id = ? AND v.version = ?`).get(modelId, version) as ModelVersionView | undefined;
  }

  versionById(id: number): ModelVersionView | undefined {
    return this.db.prepare(`${SELECT_VERSION} WHERE v.id = ?`).get(id) as ModelVersionView | undefined;
  }

  /** A version made from the run, deleted ones included: their rows still point at it. */
  versionFromRun(runId: string): ModelVersionView | undefined {
    return this.db
      .prepare('SELECT v.*, m.name AS model_name FROM model_versions v JOIN models m ON m.id = v.model_id WHERE v.run_id = ? LIMIT 1')
      .get(runId) as ModelVersionView | undefined;
  }

  /** The versions made from any of the runs, deleted ones included, by model name and version. */
  versionsFromRuns(runIds: string[]): ModelVersionView[] {
    return this.db
      .prepare(
        'SELECT v.*, m.name AS model_name FROM model_versions v JOIN models m ON m.id = v.model_id WHERE v.run_id IN (SELECT value FROM json_each(?)) ORDER BY m.name, v.version',
      )
      .all(JSON.stringify(runIds)) as ModelVersionView[];
  }

  /** A page of versions matching the condition (SQL over `model_versions v JOIN models m`), in the order given. */
  searchVersions(where: Compiled | null, order: string, limit: number, offset: number): ModelVersionView[] {
    return this.db
      .prepare(`${SELECT_VERSION} WHERE ${where?.sql ?? '1'} ORDER BY ${order} LIMIT ? OFFSET ?`)
      .all(...(where?.params ?? []), limit, offset) as ModelVersionView[];
  }

  /** The next version of `name` (the model created if new), holding the stored files given. */
  addVersion(
    name: string,
    v: Pick<ModelVersionRow, 'run_id' | 'source' | 'description'> & { classes: string[]; preprocessing: unknown; lineage: object },
    files: Record<string, string>,
  ): number {
    const now = Date.now();
    this.db.prepare('INSERT OR IGNORE INTO models (name, created_at) VALUES (?, ?)').run(name, now);
    const modelId = this.db.prepare('SELECT id FROM models WHERE name = ?').pluck().get(name) as number;
    const next = this.db.prepare('SELECT COALESCE(MAX(version), 0) + 1 FROM model_versions WHERE model_id = ?').pluck().get(modelId) as number;
    const id = Number(
      this.db
        .prepare(
          'INSERT INTO model_versions (model_id, version, run_id, source, description, classes, preprocessing, lineage, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        )
        .run(modelId, next, v.run_id, v.source, v.description, JSON.stringify(v.classes), JSON.stringify(v.preprocessing), JSON.stringify(v.lineage), now)
        .lastInsertRowid,
    );
    const insertFile = this.db.prepare('INSERT INTO model_version_files (version_id, name, file_hash) VALUES (?, ?, ?)');
    for (const [file, hash] of Object.entries(files)) insertFile.run(id, file, hash);
    return id;
  }

  /** Stored file name -> content hash. */
  files(versionId: number): Record<string, string> {
    const rows = this.db.prepare('SELECT name, file_hash FROM model_version_files WHERE version_id = ?').all(versionId) as {
      name: string;
      file_hash: string;
    }[];
    return Object.fromEntries(rows.map((f) => [f.name, f.file_hash]));
  }

  /** Changes what is given and marks the version updated now. */
  updateVersion(id: number, patch: { description?: string; tags?: Record<string, string>; artifactSource?: string }): void {
    this.db
      .prepare(
        'UPDATE model_versions SET description = COALESCE(?, description), tags = COALESCE(?, tags), artifact_source = COALESCE(?, artifact_source), updated_at = ? WHERE id = ?',
      )
      .run(patch.description ?? null, patch.tags ? JSON.stringify(patch.tags) : null, patch.artifactSource ?? null, Date.now(), id);
  }

  /** Moves a version to a stage; with `archiveOthers`, the model's other versions in that stage go to Archived. */
  setStage(v: { id: number; model_id: number }, stage: ModelStage, archiveOthers: boolean): void {
    const now = Date.now();
    this.db.transaction(() => {
      if (archiveOthers)
        this.db
          .prepare("UPDATE model_versions SET stage = 'Archived', updated_at = ? WHERE model_id = ? AND stage = ? AND id <> ?")
          .run(now, v.model_id, stage, v.id);
      this.db.prepare('UPDATE model_versions SET stage = ?, updated_at = ? WHERE id = ?').run(stage, now, v.id);
    })();
  }

  /** Hides a version (its row stays for the alias history); its aliases go. */
  deleteVersion(id: number): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM model_aliases WHERE version_id = ?').run(id);
      this.db.prepare("UPDATE model_versions SET stage = 'Deleted_Internal', updated_at = ? WHERE id = ?").run(Date.now(), id);
    })();
  }

  // ---- aliases

  /** The version id an alias points at. */
  aliasTarget(modelId: number, alias: string): number | undefined {
    return this.db.prepare('SELECT version_id FROM model_aliases WHERE model_id = ? AND alias = ?').pluck().get(modelId, alias) as number | undefined;
  }

  /** A model's aliases and the version numbers they point at, by alias. */
  aliases(modelId: number): { alias: string; version: number }[] {
    return this.db
      .prepare('SELECT a.alias, v.version FROM model_aliases a JOIN model_versions v ON v.id = a.version_id WHERE a.model_id = ? ORDER BY a.alias')
      .all(modelId) as { alias: string; version: number }[];
  }

  /** The aliases pointing at any of the versions, by model name and alias. */
  aliasesOfVersions(versionIds: number[]): { name: string; alias: string; versionId: number }[] {
    return this.db
      .prepare(
        'SELECT m.name, a.alias, a.version_id AS versionId FROM model_aliases a JOIN models m ON m.id = a.model_id WHERE a.version_id IN (SELECT value FROM json_each(?)) ORDER BY m.name, a.alias',
      )
      .all(JSON.stringify(versionIds)) as { name: string; alias: string; versionId: number }[];
  }

  aliasesOf(versionId: number): string[] {
    return this.db.prepare('SELECT alias FROM model_aliases WHERE version_id = ? ORDER BY alias').pluck().all(versionId) as string[];
  }

  /** Points the alias at a version and records the move. */
  moveAlias(modelId: number, alias: string, versionId: number, m: { reason: string | null; override: boolean }): void {
    const now = Date.now();
    this.db
      .transaction(() => {
        const previous = this.aliasTarget(modelId, alias);
        this.db.prepare('INSERT OR REPLACE INTO model_aliases (model_id, alias, version_id, moved_at) VALUES (?, ?, ?, ?)').run(modelId, alias, versionId, now);
        this.db
          .prepare(
            'INSERT INTO model_alias_history (model_id, alias, version_id, previous_version_id, moved_at, reason, override) VALUES (?, ?, ?, ?, ?, ?, ?)',
          )
          .run(modelId, alias, versionId, previous ?? null, now, m.reason, Number(m.override));
      })
      .immediate();
  }

  /** Whether there was such an alias to delete. */
  deleteAlias(modelId: number, alias: string): boolean {
    return this.db.prepare('DELETE FROM model_aliases WHERE model_id = ? AND alias = ?').run(modelId, alias).changes > 0;
  }

  aliasHistory(modelId: number): AliasMoveRow[] {
    return this.db
      .prepare(
        `SELECT h.alias, v.version, p.version AS previous, h.moved_at, h.reason, h.override FROM model_alias_history h
         JOIN model_versions v ON v.id = h.version_id LEFT JOIN model_versions p ON p.id = h.previous_version_id
         WHERE h.model_id = ? ORDER BY h.moved_at, h.id`,
      )
      .all(modelId) as AliasMoveRow[];
  }
}
