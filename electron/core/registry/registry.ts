import crypto from 'node:crypto';
import fs from 'node:fs';
import type { AliasMove, ModelDetail, ModelInfo, ModelLineage, ModelVersionInfo } from '../../../shared/api/calls/models';
import { modelMetrics } from '../../../shared/metrics/keys';
import { isPreprocessingSpec } from '../../../shared/ml';
import type { DatasetRepo } from '../datasets/dataset-repo';
import { UserError, notFound } from '../errors';
import type { BlobStore } from '../files/blob-store';
import type { RunRepo } from '../runs/run-repo';
import type { Db } from '../store/database';
import { trainingRowsSummary } from '../training/training-rows';
import type { GateChecker } from './gates';
import { MODEL_TOPOLOGY, MODEL_WEIGHTS, parseModelRef, type ModelSource } from './model-source';

interface VersionRow {
  id: number;
  model_id: number;
  model_name: string;
  version: number;
  run_id: string | null;
  source: 'run' | 'import';
  description: string;
  classes: string;
  preprocessing: string | null;
  lineage: string;
  created_at: number;
}

// A version deleted through the MLflow API keeps its row (alias history points at it) and is hidden.
const SELECT_VERSION = "SELECT v.*, m.name AS model_name FROM model_versions v JOIN models m ON m.id = v.model_id AND v.stage <> 'Deleted_Internal'";

export interface ImportedVersion {
  name: string;
  description: string;
  classes: string[];
  preprocessing: unknown;
  lineage: ModelLineage;
  /** Bundle path -> bytes; must hold MODEL_TOPOLOGY and MODEL_WEIGHTS. */
  files: Map<string, Buffer>;
}

/** Named models, their versions and aliases; `champion` only moves past the quality gates. */
export class ModelRegistry {
  private readonly db: Db;
  private readonly runs: RunRepo;
  private readonly datasets: DatasetRepo;
  private readonly blobs: BlobStore;
  private readonly gates: GateChecker;

  constructor(deps: { db: Db; runs: RunRepo; datasets: DatasetRepo; blobs: BlobStore; gates: GateChecker }) {
    ({ db: this.db, runs: this.runs, datasets: this.datasets, blobs: this.blobs, gates: this.gates } = deps);
  }

  list(): ModelInfo[] {
    const models = this.db.prepare('SELECT id, name, created_at FROM models ORDER BY name').all() as { id: number; name: string; created_at: number }[];
    return models.map((m) => this.info(m));
  }

  get(name: string): ModelDetail {
    const m = this.modelRow(name);
    const history = this.db
      .prepare(
        `SELECT h.alias, v.version, p.version AS previous, h.moved_at, h.reason, h.override FROM model_alias_history h
         JOIN model_versions v ON v.id = h.version_id LEFT JOIN model_versions p ON p.id = h.previous_version_id
         WHERE h.model_id = ? ORDER BY h.moved_at, h.id`,
      )
      .all(m.id) as { alias: string; version: number; previous: number | null; moved_at: number; reason: string | null; override: number }[];
    const aliasHistory: AliasMove[] = history.map((h) => ({ alias: h.alias, version: h.version, previousVersion: h.previous, movedAt: h.moved_at, reason: h.reason, override: h.override === 1 }));
    return { ...this.info(m), aliasHistory };
  }

  /** Registers a finished run's model as the next version of `name` (created if new). */
  register(runId: string, name: string, description: string): ModelVersionInfo {
    const run = this.runs.detail(runId);
    if (run.status !== 'finished') throw new UserError(`Run ${runId} is ${run.status}; only a finished run's model can be registered`, 'conflict');
    const topology = this.runs.artifact(runId, MODEL_TOPOLOGY);
    const weights = this.runs.artifact(runId, MODEL_WEIGHTS);
    if (!topology || !weights) throw new UserError(`Run ${runId} has no final model stored`, 'conflict');
    if (!isPreprocessingSpec(run.preprocessing)) throw new UserError(`Run ${runId} has no preprocessing recorded, so its model can't be used on new data`, 'conflict');
    const id = this.db.transaction(() => {
      const versionId = this.insertVersion(name, { runId, source: 'run', description, classes: run.classes, preprocessing: run.preprocessing, lineage: {} });
      this.insertFiles(versionId, { [MODEL_TOPOLOGY]: topology, [MODEL_WEIGHTS]: weights });
      return versionId;
    }).immediate();
    return this.versionInfo(this.versionRowById(id));
  }

  /** A version holding files already stored (an MLflow client's model, registered from a run's artifacts). */
  addStored(name: string, v: { runId: string | null; description: string; files: Record<string, string>; lineage: object }): number {
    return this.db.transaction(() => {
      const versionId = this.insertVersion(name, { runId: v.runId, source: v.runId ? 'run' : 'import', description: v.description, classes: [], preprocessing: null, lineage: v.lineage });
      this.insertFiles(versionId, v.files);
      return versionId;
    }).immediate();
  }

  /** Stores an already validated bundle's files and rows in one go; on failure nothing is left. */
  addImported(v: ImportedVersion): ModelVersionInfo {
    const known = this.db.prepare('SELECT 1 FROM files WHERE hash = ?');
    const existed = new Set([...v.files.values()].map(sha256).filter((h) => known.get(h) !== undefined));
    const written: string[] = [];
    try {
      const id = this.db.transaction(() => {
        const versionId = this.insertVersion(v.name, { runId: null, source: 'import', description: v.description, classes: v.classes, preprocessing: v.preprocessing, lineage: v.lineage });
        const hashes: Record<string, string> = {};
        for (const [name, bytes] of v.files) {
          hashes[name] = this.blobs.put(bytes);
          written.push(hashes[name]);
        }
        this.insertFiles(versionId, hashes);
        return versionId;
      }).immediate();
      return this.versionInfo(this.versionRowById(id));
    } catch (err) {
      // The rows rolled back; the bytes put() wrote before that are removed here.
      for (const h of written) if (!existed.has(h)) fs.rmSync(this.blobs.pathOf(h), { force: true });
      throw err;
    }
  }

  /** Points `alias` at a version. `champion` needs a passing evaluation, or a reason to override. */
  moveAlias(name: string, version: number, alias: string, reason?: string): ModelDetail {
    const m = this.modelRow(name);
    const v = this.versionRow(m.id, version, name);
    let override = false;
    if (alias === 'champion') {
      const gate = this.gates.latest({ versionId: v.id, runId: v.run_id });
      if (gate.status !== 'passed') {
        if (!reason) {
          throw new UserError(
            `Can't make ${name} v${version} champion: it needs an evaluation on held-out rows that passed the project's quality gates (${gate.message}). ` +
              'Evaluate it on its test split with gates set, or give a reason to override; the reason is recorded in the alias history.',
            'conflict',
            'reason',
          );
        }
        override = true;
      }
    }
    const previous = this.db.prepare('SELECT version_id FROM model_aliases WHERE model_id = ? AND alias = ?').pluck().get(m.id, alias) as number | undefined;
    const now = Date.now();
    this.db.transaction(() => {
      this.db.prepare('INSERT OR REPLACE INTO model_aliases (model_id, alias, version_id, moved_at) VALUES (?, ?, ?, ?)').run(m.id, alias, v.id, now);
      this.db
        .prepare('INSERT INTO model_alias_history (model_id, alias, version_id, previous_version_id, moved_at, reason, override) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(m.id, alias, v.id, previous ?? null, now, reason ?? null, Number(override));
    }).immediate();
    return this.get(name);
  }

  /** A run id (or unique prefix), `name@alias`, `name@3` or `name@v3`. */
  resolve(ref: string): ModelSource {
    const parsed = parseModelRef(ref);
    if (!parsed) return this.fromRun(this.runs.resolveId(ref));
    const m = this.modelRow(parsed.name);
    let row: VersionRow;
    if (parsed.version !== null) row = this.versionRow(m.id, parsed.version, parsed.name);
    else {
      const id = this.db.prepare('SELECT version_id FROM model_aliases WHERE model_id = ? AND alias = ?').pluck().get(m.id, parsed.alias) as number | undefined;
      if (id === undefined) {
        const known = Object.keys(this.aliases(m.id));
        throw notFound(`Alias "${parsed.alias}" of model "${parsed.name}" (its aliases: ${known.length ? known.join(', ') : 'none'})`);
      }
      row = this.versionRowById(id);
    }
    const info = this.versionInfo(row);
    const files = Object.fromEntries((this.db.prepare('SELECT name, file_hash FROM model_version_files WHERE version_id = ?').all(row.id) as { name: string; file_hash: string }[]).map((f) => [f.name, f.file_hash]));
    const preprocessing = row.preprocessing ? (JSON.parse(row.preprocessing) as unknown) : null;
    return {
      label: `${info.model} v${info.version}`,
      runId: row.run_id,
      model: { name: info.model, version: info.version, versionId: row.id },
      classes: info.classes,
      preprocessing: isPreprocessingSpec(preprocessing) ? preprocessing : null,
      files,
      lineage: info.lineage,
      createdAt: row.created_at,
    };
  }

  gateStatus(source: ModelSource) {
    return source.model ? this.gates.latest({ versionId: source.model.versionId, runId: source.runId }) : null;
  }

  modelExists(name: string): boolean {
    return this.db.prepare('SELECT 1 FROM models WHERE name = ?').get(name) !== undefined;
  }

  private fromRun(runId: string): ModelSource {
    const run = this.runs.detail(runId);
    const topology = this.runs.artifact(runId, MODEL_TOPOLOGY);
    const weights = this.runs.artifact(runId, MODEL_WEIGHTS);
    if (run.status !== 'finished' || !topology || !weights) throw new UserError(`Run ${runId} is ${run.status} and has no final model`, 'conflict');
    return {
      label: `run ${runId}`,
      runId,
      model: null,
      classes: run.classes,
      preprocessing: isPreprocessingSpec(run.preprocessing) ? run.preprocessing : null,
      files: { [MODEL_TOPOLOGY]: topology, [MODEL_WEIGHTS]: weights },
      lineage: this.runLineage(runId),
      createdAt: run.endedAt ?? run.createdAt,
    };
  }

  private runLineage(runId: string): ModelLineage {
    const run = this.runs.detail(runId);
    const dv = run.datasetVersionId === null ? null : this.datasets.versionById(run.datasetVersionId);
    return {
      runId,
      runName: run.name,
      dataset: dv ? { name: this.datasets.datasetName(dv.datasetId), version: dv.version, hash: dv.hash, rows: dv.rows } : null,
      config: run.config,
      metrics: modelMetrics(Object.fromEntries(Object.entries(run.metrics).map(([k, m]) => [k, m.last]))),
      engine: run.engineInfo,
      imported: null,
      trainingRows: trainingRowsSummary(this.db, runId),
    };
  }

  private insertVersion(name: string, v: { runId: string | null; source: 'run' | 'import'; description: string; classes: string[]; preprocessing: unknown; lineage: object }): number {
    const now = Date.now();
    this.db.prepare('INSERT OR IGNORE INTO models (name, created_at) VALUES (?, ?)').run(name, now);
    const modelId = this.db.prepare('SELECT id FROM models WHERE name = ?').pluck().get(name) as number;
    const next = (this.db.prepare('SELECT COALESCE(MAX(version), 0) + 1 FROM model_versions WHERE model_id = ?').pluck().get(modelId) as number);
    return Number(
      this.db
        .prepare('INSERT INTO model_versions (model_id, version, run_id, source, description, classes, preprocessing, lineage, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(modelId, next, v.runId, v.source, v.description, JSON.stringify(v.classes), JSON.stringify(v.preprocessing), JSON.stringify(v.lineage), now).lastInsertRowid,
    );
  }

  private insertFiles(versionId: number, files: Record<string, string>): void {
    const stmt = this.db.prepare('INSERT INTO model_version_files (version_id, name, file_hash) VALUES (?, ?, ?)');
    for (const [name, hash] of Object.entries(files)) stmt.run(versionId, name, hash);
  }

  private info(m: { id: number; name: string; created_at: number }): ModelInfo {
    const rows = this.db.prepare(`${SELECT_VERSION} WHERE v.model_id = ? ORDER BY v.version`).all(m.id) as VersionRow[];
    return { id: m.id, name: m.name, createdAt: m.created_at, versions: rows.map((r) => this.versionInfo(r)), aliases: this.aliases(m.id) };
  }

  private aliases(modelId: number): Record<string, number> {
    const rows = this.db.prepare('SELECT a.alias, v.version FROM model_aliases a JOIN model_versions v ON v.id = a.version_id WHERE a.model_id = ? ORDER BY a.alias').all(modelId) as { alias: string; version: number }[];
    return Object.fromEntries(rows.map((r) => [r.alias, r.version]));
  }

  private versionInfo(r: VersionRow): ModelVersionInfo {
    const aliases = this.db.prepare('SELECT alias FROM model_aliases WHERE version_id = ? ORDER BY alias').pluck().all(r.id) as string[];
    return {
      id: r.id,
      model: r.model_name,
      version: r.version,
      runId: r.run_id,
      source: r.source,
      description: r.description,
      classes: JSON.parse(r.classes) as string[],
      createdAt: r.created_at,
      aliases,
      lineage: r.run_id ? this.runLineage(r.run_id) : importedLineage(r.lineage),
    };
  }

  private modelRow(name: string): { id: number; name: string; created_at: number } {
    const m = this.db.prepare('SELECT id, name, created_at FROM models WHERE name = ?').get(name) as { id: number; name: string; created_at: number } | undefined;
    if (!m) throw new UserError(`No model named "${name}"`, 'not_found', 'model');
    return m;
  }

  private versionRow(modelId: number, version: number, name: string): VersionRow {
    const row = this.db.prepare(`${SELECT_VERSION} WHERE v.model_id = ? AND v.version = ?`).get(modelId, version) as VersionRow | undefined;
    if (!row) throw notFound(`Version ${version} of model "${name}"`);
    return row;
  }

  private versionRowById(id: number): VersionRow {
    return this.db.prepare(`${SELECT_VERSION} WHERE v.id = ?`).get(id) as VersionRow;
  }
}

/** A bundle's lineage as stored; bundles from before system samples were left out still carry them. */
function importedLineage(raw: string): ModelLineage {
  const lineage = JSON.parse(raw) as ModelLineage;
  return { ...lineage, metrics: modelMetrics(lineage.metrics ?? {}) };
}

function sha256(bytes: Buffer): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}
