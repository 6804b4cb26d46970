import type { ExperimentCost } from '../../shared/api/calls/settings';
import { computeCost } from '../../shared/settings';
import { UserError } from './errors';
import { readSettings } from './settings-store';
import type { Db } from './store/database';

/** What an experiment's runs have cost so far: their wall time at the configured price. */
export function experimentCost(db: Db, experimentId: number): ExperimentCost {
  const row = db.prepare('SELECT budget FROM experiments WHERE id = ?').get(experimentId) as { budget: number | null } | undefined;
  if (!row) throw new UserError(`Experiment ${experimentId} not found`, 'not_found');
  const ms = db
    .prepare("SELECT COALESCE(SUM(COALESCE(ended_at, CAST(unixepoch('subsec') * 1000 AS INTEGER)) - started_at), 0) FROM runs WHERE experiment_id = ? AND started_at IS NOT NULL")
    .pluck()
    .get(experimentId) as number;
  const settings = readSettings(db);
  return { experimentId, budget: row.budget, computeHours: ms / 3_600_000, spent: computeCost(ms, settings), currency: settings.currency };
}


/** Mean wall time of the experiment's finished runs, to estimate what more trials will cost. */
export function meanRunMs(db: Db, experimentId: number): number | null {
  return (db.prepare("SELECT AVG(ended_at - started_at) FROM runs WHERE experiment_id = ? AND status = 'finished' AND started_at IS NOT NULL").pluck().get(experimentId) as number | null) ?? null;
}

/**
 * Training samples per millisecond (rows × epochs over wall time) of the latest finished runs of
 * this model type that recorded their rows; null before there is one to measure.
 */
export function trainingThroughput(db: Db, modelType: string, recent = 20): number | null {
  const r = db
    .prepare(
      `SELECT SUM(t.train_rows * json_extract(r.config, '$.epochs')) AS samples, SUM(r.ended_at - r.started_at) AS ms FROM (
         SELECT * FROM runs WHERE status = 'finished' AND model_type = ? AND started_at IS NOT NULL AND ended_at > started_at ORDER BY ended_at DESC LIMIT ?
       ) r JOIN run_training_rows t ON t.run_id = r.id`,
    )
    .get(modelType, recent) as { samples: number | null; ms: number | null };
  return r.samples && r.ms ? r.samples / r.ms : null;
}
