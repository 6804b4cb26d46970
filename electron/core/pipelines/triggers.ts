import crypto from 'node:crypto';
import path from 'node:path';
import type { PipelineTrigger } from '../../../shared/pipelines/run';
import type { PipelineStore } from './pipeline-store';
import type { LoadedSpec } from './spec-file';
import { fileKey, watchedFiles } from './watched-files';
import { monitorTriggers } from './monitor-trigger';
import type { PipelineDeps } from './steps/types';

/**
 * The triggers that have not started a run yet, oldest first: new files in the watched folder
 * (by content, so a file touched again is not new), or a dataset version newer than any run's,
 * or (monitor) a new file or version whose monitoring timeline shows a change; `note` hears of
 * the items a monitor trigger judged and found nothing on. Manual and schedule triggers are made
 * when asked (`manualTrigger`, the watcher's clock).
 */
export async function pendingTriggers(
  deps: PipelineDeps,
  store: PipelineStore,
  pipelineId: number,
  loaded: LoadedSpec,
  note?: (line: string) => void,
): Promise<PipelineTrigger[]> {
  const t = loaded.spec.trigger;
  if (t.kind === 'monitor') return monitorTriggers(deps, store, pipelineId, loaded, note);
  if (t.kind === 'watch') {
    return watchedFiles(path.resolve(loaded.dir, t.folder), t.glob)
      .map((file) => ({ kind: 'watch' as const, key: fileKey(file), label: file, file }))
      .filter((trigger) => !store.hasTrigger(pipelineId, trigger.key));
  }
  if (t.kind === 'dataset') {
    const name = t.dataset ?? loaded.spec.dataset;
    const ds = deps.datasets.repo.findByName(name);
    if (!ds) return [];
    const trigger = {
      kind: 'dataset' as const,
      key: `dataset:${name}@${ds.latest.version}`,
      label: `${name}@${ds.latest.version}`,
      datasetVersionId: ds.latest.id,
    };
    return store.hasTrigger(pipelineId, trigger.key) ? [] : [trigger];
  }
  return [];
}

export function manualTrigger(): PipelineTrigger {
  return { kind: 'manual', key: `manual:${crypto.randomUUID()}`, label: `manual, ${new Date().toISOString()}` };
}

/** One tick of a schedule: the same tick seen by two processes starts one run. */
export function scheduleTrigger(at: Date): PipelineTrigger {
  return { kind: 'schedule', key: `schedule:${at.toISOString()}`, label: `scheduled for ${at.toISOString()}` };
}
