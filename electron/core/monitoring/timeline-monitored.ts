import fs from 'node:fs';
import type { DatasetKey } from '../../../shared/api/calls/keys';
import type { DatasetService } from '../datasets/dataset-service';
import { UserError } from '../errors';
import { trainedRowMask } from '../evaluation/training-overlap';
import type { PredictService } from '../predict/predict-service';
import type { ModelSource } from '../registry/model-source';
import type { ModelRegistry } from '../registry/registry';
import type { RunRepo } from '../runs/run-repo';
import type { Db } from '../store/database';
import { csvTable, versionTable, type TableData } from './drift-service';

export interface MonitoringDeps {
  db: Db;
  runs: RunRepo;
  datasets: DatasetService;
  registry: ModelRegistry;
  predictions: PredictService;
}

export type VersionRef = { datasetId: DatasetKey; version?: number };
export type DataRef = VersionRef | { path: string };

/** A model, its reference table (default: its training version) and the current table. */
export interface Monitored {
  source: ModelSource;
  reference: TableData;
  /** Reference rows the model was trained on (by content); null when its training rows are unknown. */
  referenceTrainingRows: number | null;
  current: TableData;
  labelColumn: string | null;
}

export async function loadMonitored(d: MonitoringDeps, model: string, reference: VersionRef | undefined, current: DataRef): Promise<Monitored> {
  const source = d.registry.resolve(model);
  let refV;
  if (reference) refV = d.datasets.resolve({ id: reference.datasetId, version: reference.version });
  else {
    const trained = source.lineage.dataset;
    if (!trained) throw new UserError(`${source.label} has no training dataset recorded; give a reference`);
    refV = d.datasets.resolve({ name: trained.name, version: trained.version });
  }
  const ref = versionTable(d.datasets, refV);
  const trained = trainedRowMask(d.db, d.datasets.repo, d.runs, source.runId, { version: refV, table: ref });
  let cur: TableData;
  if ('path' in current) {
    if (!fs.existsSync(current.path) || !fs.statSync(current.path).isFile()) throw new UserError(`${current.path}: no such file`);
    cur = await csvTable(current.path);
  } else cur = versionTable(d.datasets, d.datasets.resolve({ id: current.datasetId, version: current.version }));
  return { source, reference: ref, referenceTrainingRows: trained && trained.filter(Boolean).length, current: cur, labelColumn: refV.labelColumn };
}
