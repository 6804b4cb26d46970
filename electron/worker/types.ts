import type { TrainConfig } from '../../shared/training/config';
import type { FromWorker } from '../../shared/worker/protocol';

export type EarlyStoppingConfig = NonNullable<TrainConfig['earlyStopping']>;

/** What the training loop needs from the process around it. */
export interface JobContext {
  send(msg: FromWorker): Promise<void>;
  isCancelled(): boolean;
  /** Minimum gap between per-batch messages. */
  batchIntervalMs: number;
}
