import type { ExperimentCost } from '../../shared/api/calls/settings';
import { computeCost } from '../../shared/settings';
import { UserError } from './errors';
import type { RunRepo } from './runs/run-repo';
import { readSettings } from './settings-store';
import type { Db } from './store/database';
import { trainingRowsSummary } from './training/training-rows';

/** What an experiment's runs have cost so far: their wall time at the configured price. */
export function experimentCost(db: Db, runs: RunRepo, experimentId: number): ExperimentCost {
  const experiment = runs.experimentRepo.byId(experimentId);
  if (!experiment) throw new UserError(`Experiment ${experimentId} not found`, 'not_found');
  const ms = runs.wallTimeMs(experimentId);
  const settings = readSettings(db);
  return { experimentId, budget: experiment.budget, computeHours: ms / 3_600_000, spent: computeCost(ms, settings), currency: settings.currency };
}

/**
 * Training samples per millisecond (rows × epochs over wall time) of the latest finished runs of
 * this model type that recorded their rows; null before there is one to measure.
 */
export function trainingThroughput(db: Db, runs: RunRepo, modelType: string, recent = 20): number | null {
  let samples = 0;
  let ms = 0;
  for (const r of runs.recentFinished(modelType, recent)) {
    // Only runs that recorded their rows count, their time as well as their samples.
    const rows = trainingRowsSummary(db, r.id);
    if (!rows) continue;
    const epochs = (JSON.parse(r.config) as { epochs?: number }).epochs;
    if (typeof epochs === 'number') samples += rows.trainRows * epochs;
    ms += r.ended_at! - r.started_at!;
  }
  return samples && ms ? samples / ms : null;
}
