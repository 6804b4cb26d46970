import { Cron } from 'croner';
import type { PipelineRunRecord, PipelineTrigger } from '../../../shared/pipelines/run';
import { PipelineRunner } from './runner';
import type { LoadedSpec } from './spec-file';
import { pendingTriggers, scheduleTrigger } from './triggers';
import type { PipelineDeps } from './steps/types';

export interface WatchOptions {
  signal: AbortSignal;
  onRun(run: PipelineRunRecord): void;
  onLog(line: string): void;
}

/**
 * Runs the pipeline on each trigger until the signal aborts, one run at a time. State is in the
 * store only, so a restarted watcher first carries on what a dead one left running, and a trigger
 * seen by two watchers starts one run.
 */
export async function watchPipeline(deps: PipelineDeps, loaded: LoadedSpec, o: WatchOptions): Promise<void> {
  const runner = new PipelineRunner(deps);
  for (const run of await runner.recover(loaded, (id) => o.onLog(`run #${id} was cut short when its process died; carrying it on`))) o.onRun(run);
  const pipelineId = runner.store.upsertPipeline(loaded.spec, loaded.file);
  const t = loaded.spec.trigger;
  const ticks: PipelineTrigger[] = [];
  let wake: () => void = () => {};
  const cron =
    t.kind === 'schedule'
      ? new Cron(t.cron, { timezone: t.timezone }, () => {
          const now = new Date();
          now.setMilliseconds(0);
          ticks.push(scheduleTrigger(now));
          wake();
        })
      : null;
  const pollMs = (t.kind === 'watch' || t.kind === 'dataset' || t.kind === 'monitor' ? t.pollSeconds : 5) * 1000;
  o.onLog(`watching: ${describe(loaded)}`);
  try {
    while (!o.signal.aborted) {
      let pending: PipelineTrigger[] = [];
      try {
        pending = await pendingTriggers(deps, runner.store, pipelineId, loaded, o.onLog);
      } catch (err) {
        // A monitor trigger's model not registered yet, or a file it cannot read: said, and looked at again next time.
        o.onLog(`error: ${err instanceof Error ? err.message : String(err)}`);
      }
      for (const trigger of [...ticks.splice(0), ...pending]) {
        if (o.signal.aborted) break;
        o.onLog(`run for ${trigger.label}`);
        const run = await runner.start(loaded, trigger);
        if (run) o.onRun(run);
        // Another process is running this pipeline: the rest wait their turn, oldest first.
        else if (runner.store.underWay(pipelineId) !== null) break;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
        o.signal.addEventListener('abort', wake, { once: true });
      });
    }
  } finally {
    cron?.stop();
  }
}

function describe(loaded: LoadedSpec): string {
  const t = loaded.spec.trigger;
  switch (t.kind) {
    case 'watch':
      return `${t.glob} in ${t.folder} every ${t.pollSeconds} s`;
    case 'dataset':
      return `new versions of ${t.dataset ?? loaded.spec.dataset}`;
    case 'schedule':
      return `the schedule "${t.cron}"`;
    case 'monitor':
      return `the monitoring timeline of ${t.model} on ${t.folder !== undefined ? `${t.glob} in ${t.folder}` : `new versions of ${t.dataset}`}, for ${t.on.join(', ')}`;
    case 'manual':
      return 'nothing: a manual pipeline runs with `cairn pipeline run`';
  }
}
