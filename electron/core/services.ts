import type { EngineInfo } from '../../shared/domain';
import type { DatasetService } from './datasets/dataset-service';
import type { EvaluationService } from './evaluation/evaluation-service';
import type { CoreEvents } from './events';
import type { BlobStore } from './files/blob-store';
import type { MediaService } from './files/media';
import type { LabelStore } from './labeling/label-store';
import type { LeftoversSwept } from './leftovers';
import type { PredictService } from './predict/predict-service';
import type { ModelRegistry } from './registry/registry';
import type { MetricStore } from './runs/metric-store';
import type { RunRepo } from './runs/run-repo';
import type { Db } from './store/database';
import type { SweepManager } from './sweeps/sweep-manager';
import type { TrackingService } from './tracking/tracking-service';
import type { WorkerLauncher } from './training/launcher';
import type { TrainingManager } from './training/training-manager';

/**
 * What the composition root (composition.ts) provides. Each handler factory and feature function
 * names the few it uses, `Pick<Services, 'runs' | 'training'>`, so none depends on the whole and
 * a service is built only when something that uses it runs.
 */
export interface Services {
  readonly dataDir: string;
  /** Scratch folders of worker jobs; swept at open of what dead processes left. */
  readonly jobsDir: string;
  readonly transport: 'electron' | 'http';
  /** The host's native file picker, where there is one (Electron). */
  readonly pickPath: ((kind: 'file' | 'folder') => Promise<string | null>) | undefined;
  /** Starts worker processes; with workerEntry, for jobs beside training (cross-validation). */
  readonly launcher: WorkerLauncher;
  readonly workerEntry: string;
  /** The engine `auto` trains on here, asked of a worker once per process (a bound function: handlers take it out). */
  readonly engine: () => Promise<EngineInfo | null>;
  readonly db: Db;
  /** What dead processes had left in the data folder, removed at open (gc reports it). */
  readonly sweptAtOpen: LeftoversSwept;
  readonly events: CoreEvents;
  readonly blobs: BlobStore;
  /** Stored images and their cached thumbnails, for the labeling views. */
  readonly media: MediaService;
  readonly runs: RunRepo;
  readonly metrics: MetricStore;
  readonly datasets: DatasetService;
  /** Every label given in the labeling workspace, per labeler, with its history. */
  readonly labels: LabelStore;
  readonly training: TrainingManager;
  readonly sweeps: SweepManager;
  /** MLflow tracking semantics over the same store, for `cairn serve`'s MLflow-compatible API. */
  readonly tracking: TrackingService;
  readonly registry: ModelRegistry;
  readonly predictions: PredictService;
  readonly evaluations: EvaluationService;
}
