import type { ModelResults } from '../../../shared/api/calls/models';
import type { Core } from '../core';
import { exportBundle, importBundle } from '../export/bundle';
import type { FeatureHandlers } from './types';

export function modelHandlers(core: Core): FeatureHandlers<ModelResults> {
  const { registry, blobs, predictions } = core;
  return {
    'models.list': () => registry.list(),
    'models.get': ({ name }) => registry.get(name),
    'models.register': ({ runId, name, description }) => registry.register(core.runs.resolveId(runId), name, description),
    'models.alias': ({ name, version, alias, reason }) => registry.moveAlias(name, version, alias, reason),
    'models.export': ({ ref, path }) => exportBundle({ registry, blobs, scratchDir: core.datasets.tmpDir }, ref, path),
    'models.import': ({ path, name, description }) => importBundle({ registry, blobs, scratchDir: core.datasets.tmpDir }, path, name, description),
    'models.predict': (req) => predictions.predict(req),
  };
}
