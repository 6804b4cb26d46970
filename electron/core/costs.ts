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
