import crypto from 'node:crypto';
import os from 'node:os';
import type { Services } from '../services';
import { MODEL_TOPOLOGY } from '../registry/model-source';
import { modelCard } from '../export/bundle/model-card';
import { appVersion } from '../paths';
import { OPSET } from '../export/onnx/versions';
import { STATUS_TO_MLFLOW } from '../tracking/mlflow-filter';
import { MAX_PARAM_VALUE_LENGTH, MAX_TAG_VALUE_LENGTH, type KeyValue } from '../tracking/mlflow-types';
import type { RunStatus } from '../../../shared/domain';

export type LocalRunDeps = Pick<Services, 'db' | 'blobs' | 'registry'>;

// A local run as a team's MLflow server should see it: its params, tags, files and dataset input.

export interface LocalRun {
  id: string;
  name: string;
  status: RunStatus;
  experimentId: number;
  experimentName: string;
  params: string;
  tags: string;
  notes: string;
  modelType: string;
  engine: string | null;
  device: string | null;
  userId: string | null;
  startedAt: number | null;
  createdAt: number;
  endedAt: number | null;
  datasetName: string | null;
  datasetVersion: number | null;
  versionHash: string | null;
  rowCount: number | null;
  datasetKind: string | null;
  labelColumn: string | null;
  columns: string | null;
}

const SELECT_LOCAL_RUN = `
  SELECT r.id, r.name, r.status, r.experiment_id AS experimentId, e.name AS experimentName, r.params, r.tags, r.notes,
         r.model_type AS modelType, r.engine, r.device, r.user_id AS userId, r.started_at AS startedAt, r.created_at AS createdAt,
         r.ended_at AS endedAt, d.name AS datasetName, v.version AS datasetVersion, v.hash AS versionHash, v.row_count AS rowCount,
         v.kind AS datasetKind, v.label_column AS labelColumn, v.columns
  FROM runs r JOIN experiments e ON e.id = r.experiment_id
  LEFT JOIN dataset_versions v ON v.id = r.dataset_version_id LEFT JOIN datasets d ON d.id = v.dataset_id
  WHERE r.id = ?`;

export function localRun(deps: LocalRunDeps, id: string): LocalRun {
  return deps.db.prepare(SELECT_LOCAL_RUN).get(id) as LocalRun;
}

/** Changes whenever anything push sends would change, so an unchanged run costs no request. */
export function fingerprint(deps: LocalRunDeps, run: LocalRun): string {
  const metrics = deps.db.prepare('SELECT COUNT(*) AS n, MAX(rowid) AS last FROM metrics WHERE run_id = ?').get(run.id);
  const artifacts = deps.db.prepare('SELECT name, file_hash FROM run_artifacts WHERE run_id = ? ORDER BY name').raw().all(run.id);
  const evaluations = deps.db.prepare('SELECT id FROM evaluations WHERE run_id = ? ORDER BY id').pluck().all(run.id);
  const state = [run.status, run.name, run.notes, run.tags, run.params, run.startedAt, run.endedAt, run.versionHash, metrics, artifacts, evaluations];
  return crypto.createHash('sha256').update(JSON.stringify(state)).digest('hex');
}

export function mlflowStatus(status: RunStatus) {
  return STATUS_TO_MLFLOW[status];
}

/** MLflow refuses values over its limits; a long note or config value is cut rather than failing the push. */
function cut(value: string, max: number): string {
  return value.length <= max ? value : value.slice(0, max - 1) + '…';
}

export function runParams(run: LocalRun): KeyValue[] {
  return Object.entries(JSON.parse(run.params) as Record<string, unknown>).map(([key, v]) => ({ key, value: cut(v === null ? 'None' : String(v), MAX_PARAM_VALUE_LENGTH) }));
}

/** The run's own tags, then what MLflow's UI reads (name, note, user, source) and where it came from. */
export function runTags(run: LocalRun): KeyValue[] {
  const tags: Record<string, string> = { ...(JSON.parse(run.tags) as Record<string, string>) };
  tags['mlflow.runName'] = run.name;
  tags['mlflow.user'] = run.userId || tags['mlflow.user'] || os.userInfo().username;
  tags['mlflow.source.name'] ??= 'cairn';
  tags['mlflow.source.type'] ??= 'LOCAL';
  if (run.notes) tags['mlflow.note.content'] = run.notes;
  tags['cairn.run_id'] = run.id;
  tags['cairn.status'] = run.status;
  tags['cairn.model_type'] = run.modelType;
  if (run.engine) tags['cairn.engine'] = run.engine;
  if (run.device) tags['cairn.device'] = run.device;
  if (run.datasetName) tags['cairn.dataset'] = `${run.datasetName}@${run.datasetVersion}`;
  return Object.entries(tags).map(([key, value]) => ({ key, value: cut(String(value), MAX_TAG_VALUE_LENGTH) }));
}

/** MLflow stores a dataset digest in 36 characters; the full hash goes in the source. */
const MAX_DIGEST = 36;

/** The dataset version a run trained on, as one `runs/log-inputs` DatasetInput. */
export function datasetInput(run: LocalRun): unknown | null {
  if (!run.versionHash || !run.datasetName) return null;
  return {
    tags: [{ key: 'mlflow.data.context', value: 'training' }],
    dataset: {
      name: `${run.datasetName}@${run.datasetVersion}`,
      digest: run.versionHash.slice(0, MAX_DIGEST),
      source_type: 'cairn',
      source: JSON.stringify({ dataset: run.datasetName, version: run.datasetVersion, hash: run.versionHash }),
      schema: JSON.stringify({ kind: run.datasetKind, columns: run.columns ? JSON.parse(run.columns) : [], label: run.labelColumn }),
      profile: JSON.stringify({ num_rows: run.rowCount }),
    },
  };
}

export interface ArtifactFile {
  /** Path below the run's artifact root. */
  path: string;
  hash: string;
  read(): Buffer;
}

/**
 * Files a run pushes: its stored artifacts but the resumable checkpoint, its model card beside a
 * final model, and each evaluation report. Runs logged through the MLflow API keep theirs under
 * `artifacts/`, the root of their artifact URI.
 */
export function runArtifacts(deps: LocalRunDeps, run: LocalRun): ArtifactFile[] {
  const rows = deps.db.prepare("SELECT name, file_hash AS hash FROM run_artifacts WHERE run_id = ? AND name NOT LIKE 'checkpoint/%' ORDER BY name").all(run.id) as { name: string; hash: string }[];
  const files: ArtifactFile[] = rows.map((r) => ({ path: r.name.replace(/^artifacts\//, ''), hash: r.hash, read: () => deps.blobs.read(r.hash) }));
  if (run.status === 'finished' && rows.some((r) => r.name === MODEL_TOPOLOGY)) {
    const source = deps.registry.resolve(run.id);
    if (source.preprocessing) {
      const spec = source.preprocessing;
      const card = modelCard({
        source,
        spec,
        gate: null,
        onnx: { included: false, reason: 'export the run with `cairn export` for ONNX' },
        cairnVersion: appVersion(),
        opset: OPSET,
        // A run is not a registry version: no description or alias moves of its own.
        description: '',
        datasetRows: source.lineage.dataset?.rows ?? null,
        aliasMoves: [],
      });
      files.push(generated('model/model-card.md', card.markdown), generated('model/preprocessing.json', JSON.stringify(spec, null, 2) + '\n'));
    }
  }
  const evaluations = deps.db.prepare('SELECT id, created_at AS createdAt, gate_status AS gateStatus, report FROM evaluations WHERE run_id = ? ORDER BY id').all(run.id) as { id: number; createdAt: number; gateStatus: string | null; report: string }[];
  for (const e of evaluations) {
    files.push(generated(`evaluations/evaluation-${e.id}.json`, JSON.stringify({ evaluationId: e.id, evaluatedAt: e.createdAt, status: e.gateStatus, report: JSON.parse(e.report) }, null, 2) + '\n'));
  }
  return files;
}

function generated(path: string, text: string): ArtifactFile {
  const data = Buffer.from(text);
  return { path, hash: crypto.createHash('sha256').update(data).digest('hex'), read: () => data };
}
