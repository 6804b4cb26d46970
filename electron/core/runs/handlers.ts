import type { ExperimentKey } from '../../../shared/api/calls/keys';
import type { RunResults } from '../../../shared/api/calls/runs';
import { UserError } from '../errors';
import type { Services } from '../services';
import type { FeatureHandlers } from '../handlers/types';

export function runHandlers(
  s: Pick<Services, 'db' | 'runs' | 'metrics' | 'datasets' | 'training' | 'events' | 'blobs' | 'tracking' | 'registry'>,
): FeatureHandlers<RunResults> {
  // The rest through `s`, built on first use: listing runs starts no training manager.
  const { runs, events } = s;
  const writable = (ref: string) => {
    const id = runs.resolveId(ref);
    runs.assertWritable(id);
    return id;
  };
  const experiment = (key: ExperimentKey | undefined) => (key === undefined ? undefined : runs.experimentId(key));
  return {
    'experiments.list': () => runs.experiments(),
    'experiments.create': ({ name }) => {
      if (runs.experimentByName(name, false)) throw new UserError(`An experiment named "${name}" already exists`, 'conflict');
      return runs.experimentByName(name, true)!;
    },
    'runs.list': ({ experimentId }) => runs.list(experiment(experimentId)),
    'runs.query': (q) => runs.query({ ...q, experimentId: experiment(q.experimentId) }),
    'runs.columns': ({ experimentId }) => runs.columns(experiment(experimentId)),
    'runs.delete': ({ ids }) => {
      const resolved = ids.map((id) => runs.resolveId(id));
      resolved.forEach((id) => runs.assertWritable(id));
      const busy = resolved.filter((id) => ['queued', 'running'].includes(runs.summary(id).status));
      if (busy.length) throw new UserError(`Cancel run ${busy[0]} before deleting it`, 'conflict');
      for (const id of resolved) {
        const registered = s.registry.repo.versionFromRun(id);
        if (registered)
          throw new UserError(
            `Run ${id} backs model ${registered.model_name} version ${registered.version} in the registry; it can't be deleted (archive it instead)`,
            'conflict',
          );
      }
      for (const id of resolved) for (const hash of runs.delete(id)) s.blobs.releaseIfUnused(hash);
      events.emit('runs.deleted', { ids: resolved });
      return { deleted: resolved };
    },
    'runs.get': ({ id }) => {
      const run = runs.detail(runs.resolveId(id));
      return { ...run, loggedModels: s.tracking.loggedModels.forRun(run.id) };
    },
    'runs.metrics': ({ ids, keys, maxPoints }) =>
      s.metrics.series(
        ids.map((id) => runs.resolveId(id)),
        keys,
        maxPoints,
      ),
    'runs.start': ({ datasetId, datasetVersion, experiment, name, config }) => {
      const version = s.datasets.resolve({ id: datasetId, version: datasetVersion });
      return s.training.start({ datasetVersionId: version.id, experiment, name, config });
    },
    'runs.cancel': ({ id }) => s.training.cancel(writable(id)),
    'runs.wait': async ({ id }) => {
      const runId = s.runs.resolveId(id);
      await s.training.wait(runId);
      return s.runs.detail(runId);
    },
    'runs.resume': ({ id }) => s.training.resume(writable(id)),
    'runs.rerun': ({ id }) => {
      const run = runs.detail(writable(id));
      if (run.datasetVersionId === null) throw new UserError(`Run ${run.id} was not trained by Cairn; there is nothing to re-run`, 'conflict');
      return s.training.start({ datasetVersionId: run.datasetVersionId, experiment: run.experimentName, name: `${run.name} (re-run)`, config: run.config });
    },
    'runs.update': ({ id, ...patch }) => {
      // Starring and archiving are this folder's own view of a run, pulled ones included.
      const runId = patch.name !== undefined || patch.notes !== undefined || patch.tags !== undefined ? writable(id) : runs.resolveId(id);
      runs.update(runId, patch);
      const run = runs.summary(runId);
      events.emit('run.status', { runId, status: run.status, error: runs.detail(runId).error, run });
      return run;
    },
  };
}
