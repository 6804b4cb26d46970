import type { MonitoringResults } from '../../../shared/api/calls/monitoring';
import type { Core } from '../core';
import { csvTable, driftReport, versionTable } from '../monitoring/drift-service';
import type { FeatureHandlers } from './types';

export function monitoringHandlers(core: Core): FeatureHandlers<MonitoringResults> {
  const { datasets } = core;
  return {
    'monitoring.drift': async ({ reference, current, shareThreshold }) => {
      const ref = versionTable(datasets, datasets.resolve({ id: reference.datasetId, version: reference.version }));
      const cur = 'path' in current ? await csvTable(current.path) : versionTable(datasets, datasets.resolve({ id: current.datasetId, version: current.version }));
      return driftReport(ref, cur, shareThreshold);
    },
  };
}
