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
import { ModelRepo, type ModelRow, type ModelVersionView } from './model-repo';

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
  /** The registry's tables; the MLflow registry API goes through it too. */
  readonly repo: ModelRepo;
  private readonly db: Db;
  private readonly runs: RunRepo;
  private readonly datasets: DatasetRepo;
  private readonly blobs: BlobStore;
  private readonly gates: GateChecker;

  constructor(deps: { db: Db; runs: RunRepo; datasets: DatasetRepo; blobs: BlobStore; gates: GateChecker }) {
    ({ db: this.db, runs: this.runs, datasets: this.datasets, blobs: this.blobs, gates: this.gates } = deps);
    this.repo = new ModelRepo(this.db);
  }

  list(): ModelInfo[] {
    return this.repo.models().map((m) => this.info(m));
  }

  get(name: string): ModelDetail {
    const m = this.modelRow(name);
    const history = this.repo.aliasHistory(m.id);
    const aliasHistory: AliasMove[] = history.map((h) => ({
      alias: h.alias,
      version: h.version,
      previousVersion: h.previous,
      movedAt: h.moved_at,
      reason: h.reason,
      override: h.override === 1,
    }));
    return { ...this.info(m), aliasHistory };
  }

  /** Registers a finished run's model as the next version of `name` (created if new). */
  register(runId: string, name: string, description: string): ModelVersionInfo {
    const run = this.runs.detail(runId);
    if (run.status !== 'finished') throw new UserError(`Run ${runId} is ${run.status}; only a finished run's model can be registered`, 'conflict');
    const topology = this.runs.artifact(runId, MODEL_TOPOLOGY);
    const weights = this.runs.artifact(runId, MODEL_WEIGHTS);
    if (!topology || !weights) throw new UserError(`Run ${runId} has no final model stored`, 'conflict');
    if (!isPreprocessingSpec(run.preprocessing))
      throw new UserError(`Run ${runId} has no preprocessing recorded, so its model can't be used on new data`, 'conflict');
    const id = this.db
      .transaction(() =>
        this.repo.addVersion(
          name,
          { run_id: runId, source: 'run', description, classes: run.classes, preprocessing: run.preprocessing, lineage: {} },
          { [MODEL_TOPOLOGY]: topology, [MODEL_WEIGHTS]: weights },
        ),
      )
      .immediate();
    return this.versionInfo(this.versionRowById(id));
  }

  /** A version holding files already stored (an MLflow client's model, registered from a run's artifacts). */
  addStored(name: string, v: { runId: string | null; description: string; files: Record<string, string>; lineage: object }): number {
    return this.db
      .transaction(() =>
        this.repo.addVersion(
          name,
          { run_id: v.runId, source: v.runId ? 'run' : 'import', description: v.description, classes: [], preprocessing: null, lineage: v.lineage },
          v.files,
        ),
      )
      .immediate();
  }

  /** Stores an already validated bundle's files and rows in one go; on failure nothing is left. */
  addImported(v: ImportedVersion): ModelVersionInfo {
    const existed = new Set([...v.files.values()].map(sha256).filter((h) => this.blobs.isRecorded(h)));
    const written: string[] = [];
    try {
      const id = this.db
        .transaction(() => {
          const hashes: Record<string, string> = {};
          for (const [name, bytes] of v.files) {
            hashes[name] = this.blobs.put(bytes);
            written.push(hashes[name]);
          }
          return this.repo.addVersion(
            v.name,
            { run_id: null, source: 'import', description: v.description, classes: v.classes, preprocessing: v.preprocessing, lineage: v.lineage },
            hashes,
          );
        })
        .immediate();
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
    this.repo.moveAlias(m.id, alias, v.id, { reason: reason ?? null, override });
    return this.get(name);
  }

  /** A run id (or unique prefix), `name@alias`, `name@3` or `name@v3`. */
  resolve(ref: string): ModelSource {
    const parsed = parseModelRef(ref);
    if (!parsed) return this.fromRun(this.runs.resolveId(ref));
    const m = this.modelRow(parsed.name);
    let row: ModelVersionView;
    if (parsed.version !== null) row = this.versionRow(m.id, parsed.version, parsed.name);
    else {
      const id = this.repo.aliasTarget(m.id, parsed.alias!);
      if (id === undefined) {
        const known = Object.keys(this.aliases(m.id));
        throw notFound(`Alias "${parsed.alias}" of model "${parsed.name}" (its aliases: ${known.length ? known.join(', ') : 'none'})`);
      }
      row = this.versionRowById(id);
    }
    const info = this.versionInfo(row);
    const files = this.repo.files(row.id);
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
    return this.repo.model(name) !== undefined;
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

  private info(m: ModelRow): ModelInfo {
    const rows = this.repo.versions(m.id);
    return { id: m.id, name: m.name, createdAt: m.created_at, versions: rows.map((r) => this.versionInfo(r)), aliases: this.aliases(m.id) };
  }

  private aliases(modelId: number): Record<string, number> {
    return Object.fromEntries(this.repo.aliases(modelId).map((r) => [r.alias, r.version]));
  }

  private versionInfo(r: ModelVersionView): ModelVersionInfo {
    const aliases = this.repo.aliasesOf(r.id);
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

  private modelRow(name: string): ModelRow {
    const m = this.repo.model(name);
    if (!m) throw new UserError(`No model named "${name}"`, 'not_found', 'model');
    return m;
  }

  private versionRow(modelId: number, version: number, name: string): ModelVersionView {
    const row = this.repo.version(modelId, version);
    if (!row) throw notFound(`Version ${version} of model "${name}"`);
    return row;
  }

  private versionRowById(id: number): ModelVersionView {
    return this.repo.versionById(id)!;
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
