import type { EvaluationResults } from '../../../shared/api/calls/evaluation';
import type { Services } from '../services';
import type { FeatureHandlers } from '../handlers/types';

export function evaluationHandlers({ evaluations, runs }: Pick<Services, 'evaluations' | 'runs'>): FeatureHandlers<EvaluationResults> {
  return {
    'evaluations.run': (req) => evaluations.run(req),
    'evaluations.get': ({ id }) => evaluations.store.get(id),
    'evaluations.list': ({ runId, model, modelVersionId, limit }) =>
      evaluations.list({ runId: runId === undefined ? undefined : runs.resolveId(runId), model, modelVersionId, limit }),
    'gates.get': () => evaluations.getGates(),
    'gates.set': ({ gates }) => evaluations.setGates(gates),
  };
}
