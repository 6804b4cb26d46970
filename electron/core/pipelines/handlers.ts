import os from 'node:os';
import type { PipelineResults } from '../../../shared/api/calls/pipelines';
import { notFound } from '../errors';
import { loadedDefinition } from './pipeline-host';
import { PipelineRunner } from './runner';
import { readSettings } from '../settings-store';
import type { PipelineDeps } from './steps/types';
import type { FeatureHandlers } from '../handlers/types';

export function pipelineHandlers(s: PipelineDeps): FeatureHandlers<PipelineResults> {
  const runner = new PipelineRunner(s);
  const by = (given: string | undefined) => given ?? (readSettings(s.db).labelerName || os.userInfo().username);
  return {
    'pipelines.list': () => runner.store.definitions().map((d) => ({ ...d, lastRun: runner.store.list({ pipeline: d.name, limit: 1 })[0] ?? null })),
    'pipelines.runs': ({ pipeline, limit }) => runner.store.list({ pipeline, limit }),
    'pipelines.get': ({ id }) => runner.store.get(id).record,
    'pipelines.approve': ({ id, reason, by: who }) => runner.approve(id, by(who), reason),
    'pipelines.reject': ({ id, reason, by: who }) => runner.reject(id, by(who), reason),
    'pipelines.start': async ({ name }) => {
      const d = runner.store.definitions().find((x) => x.name === name);
      if (!d) throw notFound(`Pipeline "${name}" (run it once with \`cairn pipeline run <spec.yaml>\` so the app knows it)`);
      const loaded = loadedDefinition(s, d);
      const next = await runner.nextTrigger(loaded);
      if (!next.trigger) return { runId: null, reason: next.reason };
      const runId = runner.launch(loaded, next.trigger);
      return { runId, reason: runId === null ? runner.notStarted(loaded) : null };
    },
  };
}
