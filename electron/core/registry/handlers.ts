import type { ModelResults } from '../../../shared/api/calls/models';
import type { Services } from '../services';
import type { FeatureHandlers } from '../handlers/types';

// Bundles load tfjs and protobufjs (~1 s): only the calls that export or import one pay for it.
const bundles = () => import('../export/bundle');

export function modelHandlers(s: Pick<Services, 'registry' | 'blobs' | 'predictions' | 'runs' | 'datasets'>): FeatureHandlers<ModelResults> {
  const { registry, blobs } = s;
  return {
    'models.list': () => registry.list(),
    'models.get': ({ name }) => registry.get(name),
    'models.register': ({ runId, name, description }) => registry.register(s.runs.resolveId(runId), name, description),
    'models.alias': ({ name, version, alias, reason }) => registry.moveAlias(name, version, alias, reason),
    'models.export': async ({ ref, path }) => (await bundles()).exportBundle({ registry, blobs, scratchDir: s.datasets.tmpDir }, ref, path),
    'models.import': async ({ path, name, description }) =>
      (await bundles()).importBundle({ registry, blobs, scratchDir: s.datasets.tmpDir }, path, name, description),
    'models.predict': (req) => s.predictions.predict(req),
  };
}
