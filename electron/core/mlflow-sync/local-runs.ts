import crypto from 'node:crypto';
import os from 'node:os';
import type { Services } from '../services';
import { MODEL_TOPOLOGY } from '../registry/model-source';
import { modelCard } from '../export/bundle/model-card';
import { appVersion } from '../paths';
import { OPSET } from '../export/onnx/versions';
import { STATUS_TO_MLFLOW } from '../tracking/mlflow-filter';
import { MAX_PARAM_VALUE_LENGTH, MAX_TAG_VALUE_LENGTH, type KeyValue } from '../tracking/mlflow-types';
import type { ColumnInfo, RunStatus } from '../../../shared/domain';
import { notFound } from '../errors';

export type LocalRunDeps = Pick<Services, 'db' | 'blobs' | 'registry' | 'runs' | 'datasets' | 'metrics' | 'evaluations'>;

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
  columns: ColumnInfo[] | null;
}

/** The run with its experiment's name and the dataset version it trained on, read through their owners. */
export function localRun(deps: LocalRunDeps, id: string): LocalRun {
  const r = deps.runs.find(id);
  if (!r) throw notFound(`Run ${id}`);
  const v = r.dataset_version_id === null ? null : deps.datasets.repo.versionById(r.dataset_version_id);
  return {
    id: r.id,
    name: r.name,
    status: r.status,
    experimentId: r.experiment_id,
    experimentName: deps.runs.experimentRepo.byId(r.experiment_id)!.name,
    params: r.params,
    tags: r.tags,
    notes: r.notes,
    modelType: r.model_type,
    engine: r.engine,
    device: r.device,
    userId: r.user_id,
    startedAt: r.started_at,
    createdAt: r.created_at,
    endedAt: r.ended_at,
    datasetName: v ? deps.datasets.repo.datasetName(v.datasetId) : null,
    datasetVersion: v?.version ?? null,
    versionHash: v?.hash ?? null,
    rowCount: v?.rows ?? null,
    datasetKind: v?.kind ?? null,
    labelColumn: v?.labelColumn ?? null,
    columns: v?.columns ?? null,
  };
}

/** Changes whenever anything push sends would change, so an unchanged run costs no request. */
export function fingerprint(deps: LocalRunDeps, run: LocalRun): string {
  const metrics = deps.metrics.changeMark(run.id);
  const artifacts = deps.runs.artifactsUnder(run.id, '').map((a) => [a.name, a.hash]);
  const evaluations = deps.evaluations.store.ofRun(run.id).map((e) => e.id);
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
  return Object.entries(JSON.parse(run.params) as Record<string, unknown>).map(([key, v]) => ({
    key,
    value: cut(v === null ? 'None' : String(v), MAX_PARAM_VALUE_LENGTH),
  }));
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
      schema: JSON.stringify({ kind: run.datasetKind, columns: run.columns ?? [], label: run.labelColumn }),
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
  const rows = deps.runs.artifactsUnder(run.id, '').filter((a) => !a.name.startsWith('checkpoint/'));
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
  for (const e of deps.evaluations.store.ofRun(run.id)) {
    files.push(
      generated(
        `evaluations/evaluation-${e.id}.json`,
        JSON.stringify({ evaluationId: e.id, evaluatedAt: e.created_at, status: e.gate_status, report: JSON.parse(e.report) }, null, 2) + '\n',
      ),
    );
  }
  return files;
}

function generated(path: string, text: string): ArtifactFile {
  const data = Buffer.from(text);
  return { path, hash: crypto.createHash('sha256').update(data).digest('hex'), read: () => data };
}
