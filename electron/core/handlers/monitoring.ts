import type { MonitoringResults } from '../../../shared/api/calls/monitoring';
import type { Core } from '../core';
import { dataPaths } from '../data-dir';
import { csvTable, driftReport, versionTable } from '../monitoring/drift-service';
import { logOutcomes } from '../monitoring/outcomes';
import { retrain } from '../monitoring/retrain';
import { predictionDrift, timeline, type MonitoringDeps } from '../monitoring/timeline';
import type { FeatureHandlers } from './types';

export function monitoringHandlers(core: Core): FeatureHandlers<MonitoringResults> {
  const { datasets } = core;
  const jobsDir = dataPaths(core.dataDir).jobs;
  const deps = (): MonitoringDeps => ({ db: core.db, runs: core.runs, datasets, registry: core.registry, predictions: core.predictions, jobsDir });
  return {
    'monitoring.drift': async ({ reference, current, shareThreshold }) => {
      const ref = versionTable(datasets, datasets.resolve({ id: reference.datasetId, version: reference.version }));
      const cur = 'path' in current ? await csvTable(current.path) : versionTable(datasets, datasets.resolve({ id: current.datasetId, version: current.version }));
      return driftReport(ref, cur, shareThreshold);
    },
    'monitoring.predictionDrift': (req) => predictionDrift(deps(), req),
    'monitoring.timeline': (req) => timeline(deps(), req),
    'monitoring.logOutcomes': (req) => logOutcomes(core.db, core.registry, req),
    'monitoring.retrain': (req) => retrain({ db: core.db, datasets, runs: core.runs, training: core.training, evaluations: core.evaluations, jobsDir }, req),
  };
}
