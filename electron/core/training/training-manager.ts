import fs from 'node:fs';
import path from 'node:path';
import type { RunStatus, RunSummary } from '../../../shared/domain';
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
import { captureEnvironment } from '../runs/environment';
import { restoreModelDir, storeModelDir, writeJobData } from './job-files';
import { jobSplit, planTrainingRows, recordTrainingRows, trainingRowsOf } from './training-rows';
import type { WorkerHandle, WorkerLauncher } from './launcher';

const FLUSH_MS = 200;
const CANCEL_GRACE_MS = 10_000;

interface Deps {
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
  pending: FromWorker[];
  error: string | null;
  ended: boolean;
  cancelRequested: boolean;
  flushTimer: NodeJS.Timeout | null;
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
  private readonly waiters = new Map<string, ((run: RunSummary) => void)[]>();
  /** Extra parallel slots asked for by running sweeps (wasm uses one core per process). */
  private readonly slotRequests = new Map<string, number>();

  constructor(private readonly d: Deps) {}

  start(req: StartRequest): RunSummary {
    const version = this.d.datasets.repo.versionById(req.datasetVersionId);
    if (version.classes.length < 2) throw new UserError(`Dataset version ${version.version} needs at least two classes to train a classifier`);
    if (req.config.model === 'cnn' && version.kind !== 'images') throw new UserError('The CNN model needs an image dataset; use the MLP for tables');
    if (req.config.model === 'mlp' && version.kind !== 'tabular') throw new UserError('The MLP model needs a tabular dataset; use the CNN for images');
    // Planned before the run exists, so a split with nothing to train on is refused without a trace.
    const rows = planTrainingRows(this.d.db, version, version.classes, req.config);
    const experiment = this.d.runs.experimentByName(req.experiment, true)!;
    const run = this.d.runs.create({ experimentId: experiment.id, name: req.name, config: req.config, datasetVersionId: version.id, classes: version.classes, sweepId: req.sweepId });
    recordTrainingRows(this.d.db, run.id, rows);
    this.d.runs.setEnvironment(run.id, captureEnvironment(version.hash));
    this.d.runs.claim(run.id, process.pid);
    this.queue.push({ runId: run.id, resume: false });
    this.pump();
    return this.d.runs.summary(run.id);
  }

  resume(runId: string): RunSummary {
    const run = this.d.runs.detail(runId);
    if (run.status !== 'interrupted' && run.status !== 'failed') throw new UserError(`Run ${runId} is ${run.status}; only interrupted or failed runs can be resumed`, 'conflict');
    if (run.checkpointEpoch === null) throw new UserError(`Run ${runId} has no checkpoint to resume from`, 'conflict');
    this.d.db.prepare("UPDATE runs SET status = 'queued', error = NULL, ended_at = NULL, owner_pid = ? WHERE id = ?").run(process.pid, runId);
    this.queue.push({ runId, resume: true });
    this.emitStatus(runId);
    this.pump();
    return this.d.runs.summary(runId);
  }

  cancel(runId: string): RunSummary {
    const queued = this.queue.findIndex((q) => q.runId === runId);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      this.end(runId, 'cancelled', null);
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

  /** Resolves when the run reaches a final status. */
  wait(runId: string): Promise<RunSummary> {
    const run = this.d.runs.summary(runId);
    if (!['queued', 'running'].includes(run.status)) return Promise.resolve(run);
    return new Promise((resolve) => this.waiters.set(runId, [...(this.waiters.get(runId) ?? []), resolve]));
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
    for (const q of this.queue.splice(0)) this.end(q.runId, 'interrupted', 'Cairn was closed before the run started');
    for (const a of this.active.values()) {
      a.worker.kill();
      if (a.ended) continue;
      this.flush(a);
      a.ended = true;
      this.end(a.runId, 'interrupted', 'Cairn was closed while the run was training');
    }
  }

  private pump(): void {
    const slots = Math.max(this.d.slots, ...this.slotRequests.values());
    while (this.active.size < slots && this.queue.length > 0) {
      const next = this.queue.shift()!;
      try {
        this.launch(next.runId, next.resume);
      } catch (err) {
        this.end(next.runId, 'failed', (err as Error).message);
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
      const perEpoch = lastProgress(this.d.db, runId)?.batchesPerEpoch ?? 0;
      truncateAfter(this.d.db, runId, epoch, epoch * perEpoch);
      resumeSpec = { checkpointDir, epoch, preprocessing: run.preprocessing };
    }
    const job: JobSpec = { runId, jobDir, config: run.config, classes: run.classes, data, split: jobSplit(this.d.db, rows), resume: resumeSpec };
    const worker = this.d.launcher(this.d.workerEntry);
    const a: Active = { runId, worker, pending: [], error: null, ended: false, cancelRequested: false, flushTimer: null };
    this.active.set(runId, a);
    this.d.runs.markRunning(runId, process.pid);
    this.emitStatus(runId);
    worker.onMessage((msg) => this.onMessage(a, msg));
    worker.onExit((code, signal) => this.onExit(a, code, signal));
    worker.send({ type: 'start', job });
  }

  private onMessage(a: Active, msg: FromWorker): void {
    if (a.ended) return;
    switch (msg.type) {
      case 'metrics':
        a.pending.push(msg);
        this.d.events.emit('run.metrics', { runId: a.runId, points: msg.points });
        a.flushTimer ??= setTimeout(() => this.flush(a), FLUSH_MS);
        break;
      case 'progress':
        this.d.runs.setProgress(a.runId, msg.progress);
        this.d.events.emit('run.progress', { runId: a.runId, progress: msg.progress });
        break;
      case 'engine':
        this.d.runs.setEngine(a.runId, msg.info);
        this.emitStatus(a.runId);
        break;
      case 'prepared':
        this.d.runs.setPreprocessing(a.runId, msg.preprocessing);
        break;
      case 'checkpoint':
        this.flush(a);
        for (const old of this.d.runs.setCheckpoint(a.runId, msg.epoch, storeModelDir(msg.dir, 'checkpoint', this.d.blobs))) this.d.blobs.releaseIfUnused(old);
        break;
      case 'done':
        this.flush(a);
        if (msg.modelDir) {
          for (const [name, hash] of Object.entries(storeModelDir(msg.modelDir, 'model', this.d.blobs))) this.d.runs.setArtifact(a.runId, name, hash);
        }
        a.ended = true;
        this.end(a.runId, msg.status, null);
        break;
      case 'error':
        a.error = msg.message;
        break;
    }
  }

  private onExit(a: Active, code: number | null, signal: string | null): void {
    this.active.delete(a.runId);
    if (!a.ended) {
      a.ended = true;
      this.flush(a);
      if (a.cancelRequested) this.end(a.runId, 'cancelled', null);
      else {
        const how = signal ? `was killed (${signal})` : `exited with code ${code}`;
        const detail = a.error ?? a.worker.stderrTail();
        this.end(a.runId, 'failed', `The training process ${how}${detail ? `:\n${detail}` : ''}`);
      }
    }
    fs.rmSync(path.join(this.d.jobsDir, a.runId), { recursive: true, force: true });
    this.pump();
  }

  private flush(a: Active): void {
    if (a.flushTimer) clearTimeout(a.flushTimer);
    a.flushTimer = null;
    const points = a.pending.flatMap((m) => (m.type === 'metrics' ? m.points : []));
    a.pending = [];
    this.d.metrics.write(a.runId, points);
  }

  private end(runId: string, status: Exclude<RunStatus, 'queued' | 'running'>, error: string | null): void {
    this.d.runs.finish(runId, status, error);
    const run = this.emitStatus(runId);
    for (const w of this.waiters.get(runId) ?? []) w(run);
    this.waiters.delete(runId);
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

function lastProgress(db: Db, runId: string): { batchesPerEpoch: number } | null {
  const raw = db.prepare('SELECT progress FROM runs WHERE id = ?').pluck().get(runId) as string | null;
  return raw ? (JSON.parse(raw) as { batchesPerEpoch: number }) : null;
}
