import type { MonitoringResults } from '../../../shared/api/calls/monitoring';
import { csvTable, driftReport, versionDriftColumns } from './drift-service';
import { logOutcomes } from './outcomes';
import { retrain } from './retrain';
import { predictionDrift, timeline, type MonitoringDeps } from './timeline';
import type { Services } from '../services';
import type { FeatureHandlers } from '../handlers/types';

export function monitoringHandlers(
  s: Pick<Services, 'jobsDir' | 'db' | 'runs' | 'datasets' | 'registry' | 'predictions' | 'training' | 'evaluations'>,
): FeatureHandlers<MonitoringResults> {
  const { datasets, jobsDir } = s;
  // A getter each: a drift report never builds the registry, predictions or training.
  const deps = (): MonitoringDeps => ({ db: s.db, runs: s.runs, datasets, registry: s.registry, predictions: s.predictions });
  return {
    'monitoring.drift': async ({ reference, current, shareThreshold }) => {
      const ref = versionDriftColumns(datasets, datasets.resolve({ id: reference.datasetId, version: reference.version }));
      const cur =
        'path' in current ? await csvTable(current.path) : versionDriftColumns(datasets, datasets.resolve({ id: current.datasetId, version: current.version }));
      return driftReport(ref, cur, shareThreshold);
    },
    'monitoring.predictionDrift': (req) => predictionDrift(deps(), req),
    'monitoring.timeline': (req) => timeline(deps(), req),
    'monitoring.logOutcomes': (req) => logOutcomes(s.db, s.registry, req),
    'monitoring.retrain': (req) => retrain({ db: s.db, datasets, runs: s.runs, training: s.training, evaluations: s.evaluations, jobsDir }, req),
  };
}
