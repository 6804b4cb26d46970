import { ZodError } from 'zod';
import { calls, isCallName, type CairnError, type CallName, type CallResponse } from '../../shared/api/contract';
import type { EngineInfo } from '../../shared/domain';
import { openDataDir } from './data-dir';
import { DatasetService } from './datasets/dataset-service';
import { uploadsDir } from './datasets/uploads';
import { UserError } from './errors';
import { fsUserError } from './fs-errors';
import { EvaluationService } from './evaluation/evaluation-service';
import { CoreEvents } from './events';
import { BlobStore } from './files/blob-store';
import { MediaService } from './files/media';
import { LabelStore } from './labeling/label-store';
import { createHandlers, type Handlers } from './handlers/index';
import { WORKER_ENTRY } from './paths';
import { PredictService } from './predict/predict-service';
import { isOtherProcessAlive } from './process-alive';
import { sweepLeftovers, type LeftoversSwept } from './leftovers';
import { EvaluationGateChecker, type GateChecker } from './registry/gates';
import { ModelRegistry } from './registry/registry';
import { MetricStore } from './runs/metric-store';
import { registerQueryFunctions } from './runs/run-query';
import { RunRepo } from './runs/run-repo';
import { ChangeFeed } from './store/change-feed';
import { openDatabase, type Db } from './store/database';
import { storeUserError } from './store/store-errors';
import { probeEngine } from './training/engine-probe';
import { forkLauncher, type WorkerLauncher } from './training/launcher';
import { sweepJobsFolder } from './training/jobs-folder';
import { TrainingManager } from './training/training-manager';
import { SweepManager } from './sweeps/sweep-manager';
import { TrackingService } from './tracking/tracking-service';
import { AutoPush } from './mlflow-sync/auto-push';

export interface CoreOptions {
  dataDir: string;
  transport: 'electron' | 'http';
  launcher?: WorkerLauncher;
  workerEntry?: string;
  /** Training jobs run at once; each is its own process. */
  slots?: number;
  /** The host's native file picker, where there is one (Electron). */
  pickPath?: (kind: 'file' | 'folder') => Promise<string | null>;
  /** Answers whether a model version passed the quality gates; default: the `evaluations` table. */
  gates?: GateChecker;
}

/** The application: store, datasets, training. Plain Node: the same under Electron, `cairn serve` and the CLI. */
export class Core {
  readonly dataDir: string;
  readonly transport: 'electron' | 'http';
  readonly db: Db;
  readonly events = new CoreEvents();
  /** Publishes `changed` for every committed write, this process's and others'. */
  readonly changes: ChangeFeed;
  readonly blobs: BlobStore;
  /** Stored images and their cached thumbnails, for the labeling views. */
  readonly media: MediaService;
  readonly runs: RunRepo;
  readonly metrics: MetricStore;
  readonly datasets: DatasetService;
  /** Every label given in the labeling workspace, per labeler, with its history. */
  readonly labels: LabelStore;
  readonly training: TrainingManager;
  /** MLflow tracking semantics over the same store, for `cairn serve`'s MLflow-compatible API. */
  readonly tracking: TrackingService;
  readonly registry: ModelRegistry;
  readonly predictions: PredictService;
  readonly sweeps: SweepManager;
  readonly evaluations: EvaluationService;
  readonly handlers: Handlers;
  /** Pushes each run that ends to the team server of Settings › pushTo. */
  readonly autoPush: AutoPush;
  /** Runs found `running` at open whose process had died. */
  readonly interrupted: string[];
  /** What dead processes had left in the data folder, removed at open. */
  readonly sweptAtOpen: LeftoversSwept;
  readonly pickPath: CoreOptions['pickPath'];
  /** Starts worker processes; with workerEntry, for jobs beside training (cross-validation). */
  readonly launcher: WorkerLauncher;
  readonly workerEntry: string;
  private engineProbe: Promise<EngineInfo | null> | null = null;

  constructor(opts: CoreOptions) {
    const paths = openDataDir(opts.dataDir);
    this.dataDir = paths.root;
    this.transport = opts.transport;
    this.db = openDatabase(paths.database);
    // Before anything prepares a statement: the feed wraps the connection's writes.
    this.changes = new ChangeFeed(this.db, (change) => this.events.emit('changed', change));
    registerQueryFunctions(this.db);
    this.blobs = new BlobStore(this.db, paths.files);
    this.media = new MediaService(this.blobs, paths.thumbs);
    this.runs = new RunRepo(this.db, this.blobs);
    this.metrics = new MetricStore(this.db);
    this.datasets = new DatasetService(this.db, this.blobs);
    this.sweptAtOpen = sweepLeftovers({ db: this.db, blobs: this.blobs, tmpDir: this.datasets.tmpDir, uploadsDir: uploadsDir(paths.root) });
    this.labels = new LabelStore(this.db);
    this.interrupted = this.runs.interruptOrphans(isOtherProcessAlive);
    sweepJobsFolder(paths.jobs, (id) => this.runs.isLive(id), isOtherProcessAlive);
    this.datasets.repo.sweepUnpublished(isOtherProcessAlive);
    this.pickPath = opts.pickPath;
    this.launcher = opts.launcher ?? forkLauncher;
    this.workerEntry = opts.workerEntry ?? WORKER_ENTRY;
    this.training = new TrainingManager({
      dataDir: this.dataDir,
      db: this.db,
      runs: this.runs,
      metrics: this.metrics,
      datasets: this.datasets,
      blobs: this.blobs,
      events: this.events,
      launcher: this.launcher,
      workerEntry: this.workerEntry,
      jobsDir: paths.jobs,
      slots: opts.slots ?? 1,
    });
    this.sweeps = new SweepManager({ db: this.db, runs: this.runs, datasets: this.datasets, training: this.training, events: this.events });
    this.sweeps.interruptOrphans(isOtherProcessAlive);
    this.tracking = new TrackingService(this.db, this.runs, this.metrics, this.blobs, this.events);
    this.registry = new ModelRegistry(this.db, this.runs, this.datasets.repo, this.blobs, opts.gates ?? new EvaluationGateChecker(this.db));
    this.predictions = new PredictService({ registry: this.registry, blobs: this.blobs, launcher: this.launcher, workerEntry: this.workerEntry, jobsDir: paths.jobs });
    this.evaluations = new EvaluationService({ db: this.db, datasets: this.datasets, registry: this.registry, predictions: this.predictions, runs: this.runs, jobsDir: paths.jobs });
    this.handlers = createHandlers(this);
    this.autoPush = new AutoPush(this);
  }

  /**
   * Validates the input against the contract, runs the handler, and never throws. `guard` is a
   * transport's own rule on valid input (`cairn serve` confines paths), run before the handler.
   */
  async dispatch(name: string, input: unknown, guard?: (name: CallName, args: unknown) => void): Promise<CallResponse<unknown>> {
    if (!isCallName(name)) return { ok: false, error: { code: 'unknown_call', message: `Unknown call "${name}"` } };
    try {
      const args = calls[name].parse(input ?? {});
      guard?.(name, args);
      const handler = this.handlers[name] as (a: unknown) => unknown;
      return { ok: true, value: await handler(args) };
    } catch (err) {
      return { ok: false, error: toCairnError(storeUserError(err, this.dataDir) ?? err) };
    }
  }

  /** The engine `auto` trains on here, asked of a worker once per process. */
  engine(): Promise<EngineInfo | null> {
    this.engineProbe ??= probeEngine(this.launcher, this.workerEntry).then((r) => (r.ok ? r.info : null));
    return this.engineProbe;
  }

  close(): void {
    this.training.shutdown();
    this.changes.close();
    this.db.close();
  }
}

export function toCairnError(err: unknown): CairnError {
  if (err instanceof UserError) return { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) };
  if (err instanceof ZodError) {
    const message = err.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
    const issues = err.issues.map((i) => ({ path: i.path.filter((p): p is string | number => typeof p !== 'symbol'), message: i.message }));
    return { code: 'invalid_input', message, issues };
  }
  const fsError = fsUserError(err);
  if (fsError) return fsError;
  // The message reaches the caller; the stack only those who ask (each transport logs a line).
  if (process.env.CAIRN_DEBUG) console.error(err);
  return { code: 'internal', message: err instanceof Error ? err.message : String(err) };
}
