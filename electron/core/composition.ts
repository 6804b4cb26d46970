import type { ZodType } from 'zod';
import type { CallName } from '../../shared/api/contract';
import type { EngineInfo } from '../../shared/domain';
import { openDataDir } from './data-dir';
import { DatasetService } from './datasets/dataset-service';
import { uploadsDir } from './datasets/uploads';
import { EvaluationService } from './evaluation/evaluation-service';
import { CoreEvents } from './events';
import { BlobStore } from './files/blob-store';
import { MediaService } from './files/media';
import { FEATURE_CALLS, FEATURE_HANDLERS, featureOf, type Feature, type Handlers } from './handlers/index';
import { LabelStore } from './labeling/label-store';
import { sweepLeftovers, type LeftoversSwept } from './leftovers';
import { AutoPush } from './mlflow-sync/auto-push';
import { WORKER_ENTRY } from './paths';
import { PredictService } from './predict/predict-service';
import { isOtherProcessAlive } from './process-alive';
import { EvaluationGateChecker, type GateChecker } from './registry/gates';
import { ModelRegistry } from './registry/registry';
import { MetricStore } from './runs/metric-store';
import { registerQueryFunctions } from './runs/run-query';
import { RunRepo } from './runs/run-repo';
import type { Services } from './services';
import { ChangeFeed } from './store/change-feed';
import { openDatabase, type Db } from './store/database';
import { interruptOrphanSweeps, SweepManager } from './sweeps/sweep-manager';
import { TrackingService } from './tracking/tracking-service';
import { probeEngine } from './training/engine-probe';
import { sweepJobsFolder } from './training/jobs-folder';
import { forkLauncher, type WorkerLauncher } from './training/launcher';
import { TrainingManager } from './training/training-manager';

export interface CompositionOptions {
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

/**
 * The one place that builds the core's services, each from only the services it uses. Opening
 * does the open-time duties (runs and sweeps of dead processes interrupted, their leftovers
 * swept); every other service is built on first use, and each feature's handlers are loaded on
 * its first call, so a command that lists runs builds no training, evaluation or pipelines.
 */
export class Composition implements Services {
  readonly dataDir: string;
  readonly jobsDir: string;
  readonly transport: 'electron' | 'http';
  readonly pickPath: CompositionOptions['pickPath'];
  readonly launcher: WorkerLauncher;
  readonly workerEntry: string;
  readonly db: Db;
  readonly events = new CoreEvents();
  /** Publishes `changed` for every committed write, this process's and others'. */
  readonly changes: ChangeFeed;
  readonly blobs: BlobStore;
  readonly runs: RunRepo;
  readonly datasets: DatasetService;
  /** Pushes each run that ends to the team server of Settings › pushTo. */
  readonly autoPush: AutoPush;
  /** Runs found `running` at open whose process had died. */
  readonly interrupted: string[];
  /** What dead processes had left in the data folder, removed at open. */
  readonly sweptAtOpen: LeftoversSwept;

  private readonly thumbsDir: string;
  private readonly slots: number;
  private readonly gates: GateChecker | undefined;
  private readonly built: {
    -readonly [K in 'media' | 'metrics' | 'labels' | 'training' | 'sweeps' | 'tracking' | 'registry' | 'predictions' | 'evaluations']?: Services[K];
  } = {};
  private readonly schemas = new Map<Feature, Promise<Record<string, ZodType>>>();
  private readonly features = new Map<Feature, Promise<Partial<Handlers>>>();
  private engineProbe: Promise<EngineInfo | null> | null = null;

  constructor(opts: CompositionOptions) {
    const paths = openDataDir(opts.dataDir);
    this.dataDir = paths.root;
    this.jobsDir = paths.jobs;
    this.thumbsDir = paths.thumbs;
    this.transport = opts.transport;
    this.pickPath = opts.pickPath;
    this.launcher = opts.launcher ?? forkLauncher;
    this.workerEntry = opts.workerEntry ?? WORKER_ENTRY;
    this.slots = opts.slots ?? 1;
    this.gates = opts.gates;
    this.db = openDatabase(paths.database);
    // Before anything prepares a statement: the feed wraps the connection's writes.
    this.changes = new ChangeFeed(this.db, (change) => this.events.emit('changed', change));
    registerQueryFunctions(this.db);
    this.blobs = new BlobStore(this.db, paths.files);
    this.runs = new RunRepo(this.db, this.blobs);
    this.datasets = new DatasetService({ db: this.db, blobs: this.blobs });
    this.sweptAtOpen = sweepLeftovers({ db: this.db, blobs: this.blobs, tmpDir: this.datasets.tmpDir, uploadsDir: uploadsDir(paths.root) });
    this.interrupted = this.runs.interruptOrphans(isOtherProcessAlive);
    sweepJobsFolder(paths.jobs, (id) => this.runs.isLive(id), isOtherProcessAlive);
    this.datasets.repo.sweepUnpublished(isOtherProcessAlive);
    interruptOrphanSweeps(this.db, isOtherProcessAlive);
    // Given the root itself: it reads the registry only when a run ends and is pushed.
    this.autoPush = new AutoPush(this);
  }

  get media(): MediaService {
    return (this.built.media ??= new MediaService({ blobs: this.blobs, thumbsDir: this.thumbsDir }));
  }

  get metrics(): MetricStore {
    return (this.built.metrics ??= new MetricStore(this.db));
  }

  get labels(): LabelStore {
    return (this.built.labels ??= new LabelStore(this.db));
  }

  get training(): TrainingManager {
    if (!this.built.training) {
      const { dataDir, db, runs, metrics, datasets, blobs, events, launcher, workerEntry, jobsDir, slots } = this;
      this.built.training = new TrainingManager({ dataDir, db, runs, metrics, datasets, blobs, events, launcher, workerEntry, jobsDir, slots });
      // Whatever trains here, a sweep's trial resumed by hand included, reaches the sweep manager.
      void this.sweeps;
    }
    return this.built.training;
  }

  get sweeps(): SweepManager {
    return (this.built.sweeps ??= new SweepManager({ db: this.db, runs: this.runs, datasets: this.datasets, training: this.training, events: this.events }));
  }

  get tracking(): TrackingService {
    return (this.built.tracking ??= new TrackingService({ db: this.db, runs: this.runs, metrics: this.metrics, blobs: this.blobs, events: this.events }));
  }

  get registry(): ModelRegistry {
    return (this.built.registry ??= new ModelRegistry({
      db: this.db,
      runs: this.runs,
      datasets: this.datasets.repo,
      blobs: this.blobs,
      gates: this.gates ?? new EvaluationGateChecker(this.db),
    }));
  }

  get predictions(): PredictService {
    return (this.built.predictions ??= new PredictService({
      registry: this.registry,
      blobs: this.blobs,
      launcher: this.launcher,
      workerEntry: this.workerEntry,
      jobsDir: this.jobsDir,
    }));
  }

  get evaluations(): EvaluationService {
    return (this.built.evaluations ??= new EvaluationService({
      db: this.db,
      datasets: this.datasets,
      registry: this.registry,
      predictions: this.predictions,
      runs: this.runs,
    }));
  }

  readonly engine = (): Promise<EngineInfo | null> => {
    this.engineProbe ??= probeEngine(this.launcher, this.workerEntry).then((r) => (r.ok ? r.info : null));
    return this.engineProbe;
  };

  /** A call's input schema, its feature's schemas loaded on the feature's first call. */
  async schema(name: CallName): Promise<ZodType> {
    const feature = featureOf(name);
    let schemas = this.schemas.get(feature);
    if (!schemas) this.schemas.set(feature, (schemas = FEATURE_CALLS[feature]() as Promise<Record<string, ZodType>>));
    return (await schemas)[name];
  }

  /** A call's handler, its feature's handlers built on the feature's first call. */
  async handler<K extends CallName>(name: K): Promise<Handlers[K]> {
    const feature = featureOf(name);
    let handlers = this.features.get(feature);
    if (!handlers) this.features.set(feature, (handlers = FEATURE_HANDLERS[feature](this) as Promise<Partial<Handlers>>));
    return (await handlers)[name]!;
  }

  close(): void {
    this.built.training?.shutdown();
    this.changes.close();
    this.db.close();
  }
}
