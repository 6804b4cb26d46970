import fs from 'node:fs';
import path from 'node:path';
import type { MetricPoint, RunProgress, RunStatus, RunSummary } from '../../../shared/domain';
import type { TrainConfig } from '../../../shared/training/config';
import { MODEL_FILES, type FromWorker, type JobSpec } from '../../../shared/worker/protocol';
import type { DatasetService } from '../datasets/dataset-service';
import type { CoreEvents } from '../events';
import type { BlobStore } from '../files/blob-store';
import type { MetricStore } from '../runs/metric-store';
import { truncateAfter } from '../runs/metric-store';
import type { RunRepo } from '../runs/run-repo';
import type { Db } from '../store/database';
import { UserError } from '../errors';
import { followElsewhere } from '../process-alive';
import { captureEnvironment } from '../runs/environment';
import { retryWrite } from '../store/retry-write';
import { storeUserError } from '../store/store-errors';
import { readModelDir, restoreModelDir, storeModelFiles, writeJobData } from './job-files';
import { jobSplit, planTrainingRows, recordTrainingRows, trainingRowsOf } from './training-rows';
import type { WorkerHandle, WorkerLauncher } from './launcher';

const FLUSH_MS = 200;
const CANCEL_GRACE_MS = 10_000;
const isActive = (status: RunStatus) => status === 'queued' || status === 'running';

interface Deps {
  /** Named in the one-line errors of a store that cannot be written. */
  dataDir: string;
  db: Db;
  runs: RunRepo;
  metrics: MetricStore;
  datasets: DatasetService;
  blobs: BlobStore;
  events: CoreEvents;
  launcher: WorkerLauncher;
  workerEntry: string;
  jobsDir: string;
  slots: number;
}

interface Active {
  runId: string;
  worker: WorkerHandle;
  /** Metric points not written yet; they stay here while the store is locked by another process. */
  pending: MetricPoint[];
  /** The newest progress not written yet (older ones are superseded, not queued). */
  progress: RunProgress | null;
  error: string | null;
  ended: boolean;
  cancelRequested: boolean;
  flushTimer: NodeJS.Timeout | null;
  /**
   * The run's store writes, one after another: a write waiting out another process's lock holds
   * back the ones after it (the end after the last metrics) instead of racing them.
   */
  writes: Promise<void>;
}

interface Waiter {
  resolve(run: RunSummary): void;
  reject(err: Error): void;
}

export interface StartRequest {
  datasetVersionId: number;
  experiment: string;
  name?: string;
  config: TrainConfig;
  sweepId?: number;
}

/** Queues training jobs and runs each in its own worker process, `slots` at a time. */
export class TrainingManager {
  private readonly queue: { runId: string; resume: boolean }[] = [];
  private readonly active = new Map<string, Active>();
  private readonly waiters = new Map<string, Waiter[]>();
  /** Extra parallel slots asked for by running sweeps (wasm uses one core per process). */
  private readonly slotRequests = new Map<string, number>();

  constructor(private readonly d: Deps) {}

  start(req: StartRequest): RunSummary {
    const version = this.d.datasets.repo.versionById(req.datasetVersionId);
    if (version.classes.length < 2) throw new UserError(`Dataset version ${version.version} needs at least two classes to train a classifier`);
    if (req.config.model === 'cnn' && version.kind !== 'images') throw new UserError('The CNN model needs an image dataset; use the MLP for tables');
    if (req.config.model === 'mlp' && version.kind !== 'tabular') throw new UserError('The MLP model needs a tabular dataset; use the CNN for images');
    const environment = captureEnvironment(version.hash);
    // Planned before the run exists, so a split with nothing to train on is refused without a trace.
    const rows = planTrainingRows(this.d.db, version, version.classes, req.config);
    // One transaction: a store that refuses part of it (locked, full) is left without a half-made run.
    const run = this.d.db
      .transaction(() => {
        const experiment = this.d.runs.experimentByName(req.experiment, true)!;
        const created = this.d.runs.create({
          experimentId: experiment.id,
          name: req.name,
          config: req.config,
          datasetVersionId: version.id,
          classes: version.classes,
          sweepId: req.sweepId,
        });
        recordTrainingRows(this.d.db, created.id, rows);
        this.d.runs.setEnvironment(created.id, environment);
        this.d.runs.claim(created.id, process.pid);
        return created;
      })
      .immediate();
    this.queue.push({ runId: run.id, resume: false });
    this.pump();
    return this.d.runs.summary(run.id);
  }

  resume(runId: string): RunSummary {
    const run = this.d.runs.detail(runId);
    if (run.status !== 'interrupted' && run.status !== 'failed')
      throw new UserError(`Run ${runId} is ${run.status}; only interrupted or failed runs can be resumed`, 'conflict');
    if (run.checkpointEpoch === null) throw new UserError(`Run ${runId} has no checkpoint to resume from`, 'conflict');
    this.d.runs.requeue(runId, process.pid);
    this.queue.push({ runId, resume: true });
    this.emitStatus(runId);
    this.pump();
    return this.d.runs.summary(runId);
  }

  cancel(runId: string): RunSummary {
    const queued = this.queue.findIndex((q) => q.runId === runId);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      this.settle(runId, 'cancelled', null);
    } else {
      const a = this.active.get(runId);
      if (!a) throw new UserError(`Run ${runId} is not running here`, 'conflict');
      if (!a.cancelRequested) {
        a.cancelRequested = true;
        a.worker.send({ type: 'cancel' });
        setTimeout(() => {
          if (!a.ended) a.worker.kill();
        }, CANCEL_GRACE_MS).unref();
      }
    }
    return this.d.runs.summary(runId);
  }

  /** Resolves when the run reaches a final status; rejects, in one line, when that status cannot be written. */
  wait(runId: string): Promise<RunSummary> {
    const run = this.d.runs.summary(runId);
    if (!isActive(run.status)) return Promise.resolve(run);
    // Another process's run (the app, another CLI): its row is followed until it ends or its process is gone.
    if (!this.active.has(runId) && !this.queue.some((q) => q.runId === runId)) {
      return followElsewhere(
        () => this.d.runs.summary(runId),
        (r) => !isActive(r.status),
        (isAlive) => this.d.runs.interruptOrphans(isAlive),
      );
    }
    return new Promise((resolve, reject) => this.waiters.set(runId, [...(this.waiters.get(runId) ?? []), { resolve, reject }]));
  }

  /** Runs up to `slots` jobs at once while `owner` needs it; null gives the slots back. */
  requestSlots(owner: string, slots: number | null): void {
    if (slots === null) this.slotRequests.delete(owner);
    else this.slotRequests.set(owner, slots);
    this.pump();
  }

  isBusy(): boolean {
    return this.active.size > 0 || this.queue.length > 0;
  }

  /** Stops every worker; their runs are left interrupted, resumable from their checkpoints. */
  shutdown(): void {
    for (const q of this.queue.splice(0)) this.settle(q.runId, 'interrupted', 'Cairn was closed before the run started');
    for (const a of this.active.values()) {
      a.worker.kill();
      if (a.ended) continue;
      a.ended = true;
      this.clearFlush(a);
      // Closing: one try, no waiting. A run whose end is not written is found interrupted by the next opener.
      try {
        this.d.metrics.write(a.runId, a.pending.splice(0));
      } catch {
        // The points are lost with the process; the run still ends below where it can.
      }
      this.settle(a.runId, 'interrupted', 'Cairn was closed while the run was training');
    }
  }

  private pump(): void {
    const slots = Math.max(this.d.slots, ...this.slotRequests.values());
    while (this.active.size < slots && this.queue.length > 0) {
      const next = this.queue.shift()!;
      try {
        this.launch(next.runId, next.resume);
      } catch (err) {
        this.removeJobDir(next.runId);
        this.settle(next.runId, 'failed', this.describe(err));
      }
    }
  }

  private launch(runId: string, resume: boolean): void {
    const run = this.d.runs.detail(runId);
    const jobDir = path.join(this.d.jobsDir, runId);
    fs.rmSync(jobDir, { recursive: true, force: true });
    const version = this.d.datasets.repo.versionById(run.datasetVersionId!);
    const data = writeJobData(jobDir, version, this.d.datasets.repo, this.d.blobs);
    // Recorded at start, so a resume keeps its rows even if the version's split changed since; a
    // run from before rows were recorded drew them from its validation fraction.
    let rows = trainingRowsOf(this.d.db, runId);
    if (!rows) {
      rows = planTrainingRows(this.d.db, version, run.classes, run.config, true);
      recordTrainingRows(this.d.db, runId, rows);
    }
    let resumeSpec: JobSpec['resume'] = null;
    if (resume) {
      const checkpointDir = path.join(jobDir, 'resume-from');
      restoreModelDir(checkpointDir, this.artifactPair(runId, 'checkpoint'), this.d.blobs);
      const epoch = run.checkpointEpoch!;
      const progress = this.d.runs.find(runId)?.progress;
      const perEpoch = progress ? (JSON.parse(progress) as { batchesPerEpoch: number }).batchesPerEpoch : 0;
      truncateAfter(this.d.db, runId, epoch, epoch * perEpoch);
      resumeSpec = { checkpointDir, epoch, preprocessing: run.preprocessing, systemStep: this.d.metrics.lastStep(runId, 'system/') };
    }
    const job: JobSpec = { runId, jobDir, config: run.config, classes: run.classes, data, split: jobSplit(this.d.db, rows), resume: resumeSpec };
    // Before the worker exists, so a run the store refuses never has a process to orphan.
    this.d.runs.markRunning(runId, process.pid);
    const worker = this.d.launcher(this.d.workerEntry);
    const a: Active = {
      runId,
      worker,
      pending: [],
      progress: null,
      error: null,
      ended: false,
      cancelRequested: false,
      flushTimer: null,
      writes: Promise.resolve(),
    };
    this.active.set(runId, a);
    this.emitStatus(runId);
    worker.onMessage((msg) => this.onMessage(a, msg));
    worker.onExit((code, signal) => this.write(a, () => this.onExit(a, code, signal)));
    worker.send({ type: 'start', job });
  }

  /** Runs in the worker's message event: nothing here may throw, so every store write is queued. */
  private onMessage(a: Active, msg: FromWorker): void {
    if (a.ended) return;
    switch (msg.type) {
      case 'metrics':
        a.pending.push(...msg.points);
        this.d.events.emit('run.metrics', { runId: a.runId, points: msg.points });
        a.flushTimer ??= setTimeout(() => {
          a.flushTimer = null;
          this.write(a, () => this.flush(a));
        }, FLUSH_MS);
        break;
      case 'progress':
        a.progress = msg.progress;
        this.d.events.emit('run.progress', { runId: a.runId, progress: msg.progress });
        this.write(a, async () => {
          const progress = a.progress;
          a.progress = null;
          if (progress) await retryWrite(() => this.d.runs.setProgress(a.runId, progress));
        });
        break;
      case 'engine':
        this.write(a, async () => {
          await retryWrite(() => this.d.runs.setEngine(a.runId, msg.info));
          this.emitStatus(a.runId);
        });
        break;
      case 'prepared':
        this.write(a, () => retryWrite(() => this.d.runs.setPreprocessing(a.runId, msg.preprocessing)));
        break;
      case 'checkpoint': {
        let files: Record<string, Buffer> | Error;
        try {
          files = readModelDir(msg.dir, 'checkpoint');
        } catch (err) {
          // The worker replaces its checkpoint each epoch; on a busy machine the next one can land
          // before this message is read. That newer checkpoint has its own message coming.
          if ((err as NodeJS.ErrnoException).code === 'ENOENT' && fs.existsSync(path.dirname(msg.dir))) break;
          files = err as Error;
        }
        this.write(a, async () => {
          if (files instanceof Error) throw files;
          await this.flush(a);
          const stored = files;
          const replaced = await retryWrite(() =>
            this.d.db.transaction(() => this.d.runs.setCheckpoint(a.runId, msg.epoch, storeModelFiles(stored, this.d.blobs))).immediate(),
          );
          for (const old of replaced) await retryWrite(() => this.d.blobs.releaseIfUnused(old));
        });
        break;
      }
      case 'done':
        this.write(a, async () => {
          await this.flush(a);
          if (msg.modelDir) {
            const files = readModelDir(msg.modelDir, 'model');
            await retryWrite(() =>
              this.d.db
                .transaction(() => {
                  for (const [name, hash] of Object.entries(storeModelFiles(files, this.d.blobs))) this.d.runs.setArtifact(a.runId, name, hash);
                })
                .immediate(),
            );
          }
          await this.end(a.runId, msg.status, null);
          a.ended = true;
        });
        break;
      case 'error':
        a.error = msg.message;
        break;
    }
  }

  private async onExit(a: Active, code: number | null, signal: string | null): Promise<void> {
    this.active.delete(a.runId);
    try {
      if (a.ended) return;
      await this.flush(a);
      if (a.cancelRequested) await this.end(a.runId, 'cancelled', null);
      else {
        const how = signal ? `was killed (${signal})` : `exited with code ${code}`;
        const detail = a.error ?? a.worker.stderrTail();
        await this.end(a.runId, 'failed', `The training process ${how}${detail ? `:\n${detail}` : ''}`);
      }
      a.ended = true;
    } finally {
      this.removeJobDir(a.runId);
      this.pump();
    }
  }

  /**
   * Queues a store write of a running job. One that fails for good (the lock held past the
   * retry time, a full disk) ends the run failed with the reason instead of escaping.
   */
  private write(a: Active, step: () => unknown): void {
    a.writes = a.writes
      .then(async () => {
        await step();
      })
      .catch((err) => this.abort(a, err));
  }

  private async flush(a: Active): Promise<void> {
    this.clearFlush(a);
    if (a.pending.length === 0) return;
    const points = a.pending;
    a.pending = [];
    await retryWrite(() => this.d.metrics.write(a.runId, points));
  }

  private clearFlush(a: Active): void {
    if (a.flushTimer) clearTimeout(a.flushTimer);
    a.flushTimer = null;
  }

  /** The run cannot be written: stop its worker and record it failed with the reason, where even that can be. */
  private async abort(a: Active, err: unknown): Promise<void> {
    if (a.ended) {
      console.error(`cairn: run ${a.runId}: ${this.describe(err)}`);
      return;
    }
    a.ended = true;
    this.clearFlush(a);
    a.worker.kill();
    // First, since on a full disk the job's scratch files are the room the failure is written in.
    this.removeJobDir(a.runId);
    this.settle(a.runId, 'failed', this.describe(err));
  }

  /** end() from places that cannot wait or fail: a status that cannot be written rejects the run's waiters. */
  private settle(runId: string, status: Exclude<RunStatus, 'queued' | 'running'>, error: string | null): void {
    this.end(runId, status, error).catch((err) => {
      const reason = this.describe(err);
      const waiters = this.waiters.get(runId) ?? [];
      this.waiters.delete(runId);
      const why = error && error.split('\n')[0] !== reason ? ` (${error.split('\n')[0]})` : '';
      const message = `Run ${runId} could not be recorded as ${status}${why}: ${reason}`;
      if (waiters.length === 0) console.error(`cairn: ${message}`);
      for (const w of waiters) w.reject(new UserError(message, 'internal'));
    });
  }

  private async end(runId: string, status: Exclude<RunStatus, 'queued' | 'running'>, error: string | null): Promise<void> {
    await retryWrite(() => this.d.runs.finish(runId, status, error));
    const run = this.emitStatus(runId);
    for (const w of this.waiters.get(runId) ?? []) w.resolve(run);
    this.waiters.delete(runId);
  }

  private describe(err: unknown): string {
    return storeUserError(err, this.d.dataDir)?.message ?? (err instanceof Error ? err.message : String(err));
  }

  private removeJobDir(runId: string): void {
    try {
      fs.rmSync(path.join(this.d.jobsDir, runId), { recursive: true, force: true });
    } catch (err) {
      console.error(`cairn: could not remove the job folder of run ${runId}: ${(err as Error).message}`);
    }
  }

  private emitStatus(runId: string): RunSummary {
    const detail = this.d.runs.detail(runId);
    const run = this.d.runs.summary(runId);
    this.d.events.emit('run.status', { runId, status: run.status, error: detail.error, run });
    return run;
  }

  private artifactPair(runId: string, prefix: string): { topology: string; weights: string } {
    const topology = this.d.runs.artifact(runId, `${prefix}/${MODEL_FILES.topology}`);
    const weights = this.d.runs.artifact(runId, `${prefix}/${MODEL_FILES.weights}`);
    if (!topology || !weights) throw new UserError(`Run ${runId} has no ${prefix} stored`, 'conflict');
    return { topology, weights };
  }
}
