import type { SweepResults } from '../../../shared/api/calls/sweeps';
import { UserError } from '../errors';
import type { Services } from '../services';
import type { FeatureHandlers } from '../handlers/types';

export function sweepHandlers({ sweeps }: Pick<Services, 'sweeps'>): FeatureHandlers<SweepResults> {
  return {
    'sweeps.start': ({ spec }) => {
      const at = spec.dataset.lastIndexOf('@');
      const ref = at > 0 ? { name: spec.dataset.slice(0, at), version: Number(spec.dataset.slice(at + 1)) } : { name: spec.dataset };
      if (ref.version !== undefined && !Number.isInteger(ref.version)) throw new UserError(`"${spec.dataset}": the version after @ must be an integer`);
      return sweeps.start(spec, ref);
    },
    'sweeps.list': () => sweeps.list(),
    'sweeps.get': ({ id }) => sweeps.get(id),
    'sweeps.cancel': ({ id }) => sweeps.cancel(id),
    'sweeps.wait': ({ id }) => sweeps.wait(id),
  };
}
