import type { SweepResults } from '../../../shared/api/calls/sweeps';
import type { Core } from '../core';
import { UserError } from '../errors';
import type { FeatureHandlers } from './types';

export function sweepHandlers(core: Core): FeatureHandlers<SweepResults> {
  return {
    'sweeps.start': ({ spec }) => {
      const at = spec.dataset.lastIndexOf('@');
      const ref = at > 0 ? { name: spec.dataset.slice(0, at), version: Number(spec.dataset.slice(at + 1)) } : { name: spec.dataset };
      if (ref.version !== undefined && !Number.isInteger(ref.version)) throw new UserError(`"${spec.dataset}": the version after @ must be an integer`);
      return core.sweeps.start(spec, ref);
    },
    'sweeps.list': () => core.sweeps.list(),
    'sweeps.get': ({ id }) => core.sweeps.get(id),
    'sweeps.cancel': ({ id }) => core.sweeps.cancel(id),
    'sweeps.wait': ({ id }) => core.sweeps.wait(id),
  };
}
