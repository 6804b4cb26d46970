import type { RunSummary } from '../../../shared/domain';
import { generateTrials } from '../../../shared/sweeps/generate';
import { shouldStop, type TrialHistory } from '../../../shared/sweeps/median-rule';
import type { SweepSpec } from '../../../shared/sweeps/spec';
import type { DatasetService } from '../datasets/dataset-service';
import type { CoreEvents } from '../events';
import type { RunRepo } from '../runs/run-repo';
import type { Db } from '../store/database';
import type { TrainingManager } from '../training/training-manager';
import { computeCost } from '../../../shared/settings';
import { experimentCost } from '../costs';
import { UserError } from '../errors';
import { followElsewhere } from '../process-alive';
import { isBusy, isDiskFull } from '../store/store-errors';
import { retryWrite } from '../store/retry-write';
import { readSettings } from '../settings-store';

export interface SweepTrial {
  runId: string;
  index: number;
  params: Record<string, unknown>;
  status: RunSummary['status'];
  /** Why the median rule stopped it, if it did. */
  pruned: string | null;
  /** The sweep's metric: best value over the trial's epochs. */
  metric: number | null;
}

export interface SweepInfo {
  id: number;
  name: string;
  experimentId: number;
  status: 'running' | 'finished' | 'cancelled' | 'interrupted';
  spec: SweepSpec;
  createdAt: number;
  endedAt: number | null;
  trials: SweepTrial[];
  best: SweepTrial | null;
  /** Said at start: e.g. the sweep may exceed the experiment's budget. */
  warnings?: string[];
}

interface Live {
  spec: SweepSpec;
  histories: Map<string, TrialHistory>;
  pending: Set<string>;
  waiters: ((s: SweepInfo) => void)[];
}

const PRUNED_TAG = 'sweep.pruned';
const PARAMS_TAG = 'sweep.params';
const TRIAL_TAG = 'sweep.trial';

/** Grid and random search as queued runs, with weak trials stopped by the median rule. */
export class SweepManager {
  private readonly live = new Map<number, Live>();

  constructor(private readonly d: { db: Db; runs: RunRepo; datasets: DatasetService; training: TrainingManager; events: CoreEvents }) {
    d.events.on('run.metrics', ({ runId, points }) => this.onMetrics(runId, points));
    d.events.on('run.status', ({ runId, run }) => this.onStatus(runId, run));
  }

  start(spec: SweepSpec, datasetRef: { name: string; version?: number }): SweepInfo {
    const version = this.d.datasets.resolve(datasetRef);
    let trials;
    try {
      trials = generateTrials(spec);
    } catch (err) {
      throw new UserError(`Sweep: ${(err as Error).message}`);
    }
    const experiment = this.d.runs.experimentByName(spec.experiment, true)!;
    const warnings = budgetWarnings(this.d.db, this.d.runs, experiment.id, trials.length);
    const id = Number(
      this.d.db
        .prepare("INSERT INTO sweeps (name, experiment_id, spec, status, owner_pid, created_at) VALUES (?, ?, ?, 'running', ?, ?)")
        .run(spec.name, experiment.id, JSON.stringify(spec), process.pid, Date.now()).lastInsertRowid,
    );
    const live: Live = { spec, histories: new Map(), pending: new Set(), waiters: [] };
    this.live.set(id, live);
    this.d.training.requestSlots(`sweep:${id}`, spec.parallel);
    for (const t of trials) {
      const run = this.d.training.start({
        datasetVersionId: version.id,
        experiment: spec.experiment,
        name: `${spec.name}-${t.index + 1}`,
        config: t.config,
        sweepId: id,
      });
      this.d.runs.update(run.id, { tags: { ...run.tags, [TRIAL_TAG]: String(t.index + 1), [PARAMS_TAG]: JSON.stringify(t.params) } });
      live.pending.add(run.id);
      live.histories.set(run.id, { runId: run.id, values: [] });
    }
    return { ...this.get(id), warnings };
  }

  get(id: number): SweepInfo {
    const row = this.d.db.prepare('SELECT * FROM sweeps WHERE id = ?').get(id) as
      { id: number; name: string; experiment_id: number; spec: string; status: SweepInfo['status']; created_at: number; ended_at: number | null } | undefined;
    if (!row) throw new UserError(`Sweep ${id} not found`, 'not_found');
    const spec = JSON.parse(row.spec) as SweepSpec;
    const ids = this.d.runs.sweepRunIds(id);
    const trials = ids.map((runId) => {
      const run = this.d.runs.summary(runId);
      const m = run.metrics[spec.metric];
      return {
        runId,
        index: Number(run.tags[TRIAL_TAG] ?? 0),
        params: JSON.parse(run.tags[PARAMS_TAG] ?? '{}') as Record<string, unknown>,
        status: run.status,
        pruned: run.tags[PRUNED_TAG] ?? null,
        metric: m ? (spec.goal === 'minimize' ? m.min : m.max) : null,
      };
    });
    const scored = trials.filter((t) => t.status === 'finished' && t.metric !== null);
    const best = scored.reduce<SweepTrial | null>(
      (b, t) => (b === null || (spec.goal === 'minimize' ? t.metric! < b.metric! : t.metric! > b.metric!) ? t : b),
      null,
    );
    return {
      id: row.id,
      name: row.name,
      experimentId: row.experiment_id,
      status: row.status,
      spec,
      createdAt: row.created_at,
      endedAt: row.ended_at,
      trials,
      best,
    };
  }

  list(): SweepInfo[] {
    return (this.d.db.prepare('SELECT id FROM sweeps ORDER BY id DESC').pluck().all() as number[]).map((id) => this.get(id));
  }

  async wait(id: number): Promise<SweepInfo> {
    const live = this.live.get(id);
    // Another process's sweep (or an ended one): its row is followed until it ends or its process is gone.
    if (!live) {
      return followElsewhere(
        () => this.get(id),
        (info) => info.status !== 'running',
        (isAlive) => interruptOrphanSweeps(this.d.db, isAlive),
      );
    }
    const info = await new Promise<SweepInfo>((resolve) => live.waiters.push(resolve));
    // A cancelled sweep answers at once, while its training trial is still stopping: the answer
    // waits for it, so a caller that closes the core next does not cut it off (left interrupted).
    const stopping = info.trials.filter((t) => t.status === 'queued' || t.status === 'running');
    if (stopping.length === 0) return info;
    await Promise.allSettled(stopping.map((t) => this.d.training.wait(t.runId)));
    return this.get(id);
  }

  cancel(id: number): SweepInfo {
    const live = this.live.get(id);
    if (!live) throw new UserError(`Sweep ${id} is not running here`, 'conflict');
    for (const runId of [...live.pending]) this.d.training.cancel(runId);
    this.finish(id, 'cancelled');
    return this.get(id);
  }

  private sweepOf(runId: string): [number, Live] | null {
    for (const entry of this.live) if (entry[1].histories.has(runId)) return entry;
    return null;
  }

  private onMetrics(runId: string, points: { key: string; step: number; value: number }[]): void {
    const found = this.sweepOf(runId);
    if (!found) return;
    const [, live] = found;
    const { spec } = live;
    const history = live.histories.get(runId)!;
    let epoch = 0;
    for (const p of points) {
      if (p.key !== spec.metric) continue;
      history.values[p.step] = p.value;
      epoch = Math.max(epoch, p.step);
    }
    if (!epoch || !spec.earlyStop || !live.pending.has(runId)) return;
    const stop = shouldStop(history, [...live.histories.values()], epoch, {
      minimize: spec.goal === 'minimize',
      minEpochs: spec.earlyStop.minEpochs,
      minTrials: spec.earlyStop.minTrials,
    });
    if (!stop) return;
    const run = this.d.runs.summary(runId);
    const tags = { ...run.tags, [PRUNED_TAG]: `epoch ${epoch}: ${spec.metric} worse than the median of the other trials` };
    // In a worker's metrics event: the tag waits out another process's lock instead of throwing.
    retryWrite(() => this.d.runs.update(runId, { tags })).catch((err) => console.error(`cairn: could not tag pruned run ${runId}: ${(err as Error).message}`));
    this.d.training.cancel(runId);
  }

  private onStatus(runId: string, run: RunSummary): void {
    const found = this.sweepOf(runId);
    if (!found || ['queued', 'running'].includes(run.status)) return;
    const [id, live] = found;
    live.pending.delete(runId);
    if (live.pending.size === 0) this.finish(id, 'finished');
  }

  private finish(id: number, status: 'finished' | 'cancelled'): void {
    const live = this.live.get(id);
    if (!live) return;
    this.live.delete(id);
    this.d.training.requestSlots(`sweep:${id}`, null);
    // Also reached from a run's status event, so the write waits out another process's lock
    // (its first try is at once, so a cancel answers with the new status).
    const ended = Date.now();
    retryWrite(() => this.d.db.prepare('UPDATE sweeps SET status = ?, owner_pid = NULL, ended_at = ? WHERE id = ?').run(status, ended, id))
      .then(() => {
        const info = this.get(id);
        for (const w of live.waiters) w(info);
      })
      .catch((err) => console.error(`cairn: could not record sweep ${id} as ${status}: ${(err as Error).message}`));
  }
}

/** A warning when the sweep's estimated cost would take the experiment past its budget. */
function budgetWarnings(db: Db, runs: RunRepo, experimentId: number, trials: number): string[] {
  const cost = experimentCost(db, runs, experimentId);
  const price = readSettings(db).pricePerHour;
  if (cost.budget === null || price === 0) return [];
  const mean = runs.meanFinishedMs(experimentId);
  if (mean === null) return [`The experiment has a budget of ${cost.budget} ${cost.currency}; with no finished run yet, this sweep's cost can't be estimated`];
  const estimate = computeCost(mean * trials, { pricePerHour: price });
  if (cost.spent + estimate <= cost.budget) return [];
  return [
    `This sweep may cost about ${estimate.toFixed(2)} ${cost.currency} (${trials} trials x ${(mean / 60000).toFixed(1)} min); with ${cost.spent.toFixed(2)} spent, that exceeds the experiment's budget of ${cost.budget} ${cost.currency}`,
  ];
}

/**
 * Sweeps left `running` by a process that died: their trials were interrupted with it (and can
 * be resumed one by one); the sweep itself ends `interrupted`.
 */
export function interruptOrphanSweeps(db: Db, isAlive: (pid: number) => boolean): number[] {
  const rows = db.prepare("SELECT id, owner_pid FROM sweeps WHERE status = 'running'").all() as { id: number; owner_pid: number | null }[];
  const orphans = rows.filter((r) => r.owner_pid === null || !isAlive(r.owner_pid)).map((r) => r.id);
  if (orphans.length === 0) return [];
  const mark = db.prepare("UPDATE sweeps SET status = 'interrupted', owner_pid = NULL, ended_at = ? WHERE id = ? AND status = 'running'");
  try {
    db.transaction(() => orphans.forEach((id) => mark.run(Date.now(), id)))();
  } catch (err) {
    // At open, which must work for reads on a full disk or a locked store: the next opener marks them.
    if (isBusy(err) || isDiskFull(err)) return [];
    throw err;
  }
  return orphans;
}
