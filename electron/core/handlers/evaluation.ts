import type { EvaluationResults } from '../../../shared/api/calls/evaluation';
import type { Core } from '../core';
import type { FeatureHandlers } from './types';

export function evaluationHandlers(core: Core): FeatureHandlers<EvaluationResults> {
  const { evaluations } = core;
  return {
    'evaluations.run': (req) => evaluations.run(req),
    'evaluations.get': ({ id }) => evaluations.store.get(id),
    'evaluations.list': ({ runId, model, modelVersionId, limit }) =>
      evaluations.list({ runId: runId === undefined ? undefined : core.runs.resolveId(runId), model, modelVersionId, limit }),
    'gates.get': () => evaluations.getGates(),
    'gates.set': ({ gates }) => evaluations.setGates(gates),
  };
}
