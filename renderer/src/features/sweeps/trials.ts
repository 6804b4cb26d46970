import type { SweepInfoResult, SweepTrialInfo } from '../../../../shared/api/calls/sweeps';
import type { RunSummary } from '../../../../shared/domain';

// Tags the core's sweep manager puts on each trial run (electron/core/sweeps/sweep-manager.ts).
const TRIAL_TAG = 'sweep.trial';
const PRUNED_TAG = 'sweep.pruned';

export const isTrialRun = (run: RunSummary): boolean => run.tags[TRIAL_TAG] !== undefined;

/** The sweep's metric for one trial, as the core computes it: best value over its epochs. */
export function trialMetric(run: RunSummary, metric: string, goal: 'minimize' | 'maximize'): number | null {
  const m = run.metrics[metric];
  return m ? (goal === 'minimize' ? m.min : m.max) : null;
}

/** Best finished trial with a metric, as the core picks it. */
export function bestTrial(trials: SweepTrialInfo[], goal: 'minimize' | 'maximize'): SweepTrialInfo | null {
  let best: SweepTrialInfo | null = null;
  for (const t of trials) {
    if (t.status !== 'finished' || t.metric === null) continue;
    if (best === null || (goal === 'minimize' ? t.metric < best.metric! : t.metric > best.metric!)) best = t;
  }
  return best;
}

/** The sweep with one trial updated from a pushed run summary; null when the run isn't one of its trials. */
export function withRun(sweep: SweepInfoResult, run: RunSummary): SweepInfoResult | null {
  const i = sweep.trials.findIndex((t) => t.runId === run.id);
  if (i < 0) return null;
  const trials = [...sweep.trials];
  trials[i] = { ...trials[i], status: run.status, pruned: run.tags[PRUNED_TAG] ?? null, metric: trialMetric(run, sweep.spec.metric, sweep.spec.goal) };
  return { ...sweep, trials, best: bestTrial(trials, sweep.spec.goal) };
}
