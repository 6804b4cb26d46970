import type { DatasetVersionInfo } from '../../../../shared/domain';
import { UserError } from '../../errors';
import type { ModelSource } from '../../registry/model-source';
import type { RunEnv, PipelineDeps } from './types';

/** The dataset version the pipeline works on: the one imported, the one that triggered it, else the dataset's latest. */
export function workingVersion(env: RunEnv): DatasetVersionInfo {
  const id = env.state.versionId ?? env.trigger.datasetVersionId;
  if (id !== undefined) return env.deps.datasets.repo.versionById(id);
  return env.deps.datasets.resolve({ name: env.spec.dataset });
}

export function versionLabel(deps: PipelineDeps, v: DatasetVersionInfo): string {
  return `${deps.datasets.repo.datasetName(v.datasetId)}@${v.version}`;
}

/** The model's champion now, or null when it has none (or the model does not exist yet). */
export function currentChampion(deps: PipelineDeps, model: string): ModelSource | null {
  if (!deps.registry.modelExists(model)) return null;
  try {
    return deps.registry.resolve(`${model}@champion`);
  } catch (err) {
    if (err instanceof UserError && err.code === 'not_found') return null;
    throw err;
  }
}
