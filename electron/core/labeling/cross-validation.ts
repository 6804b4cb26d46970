import fs from 'node:fs';
import type { RunProgress } from '../../../shared/domain';
import type { CrossValidateJob } from '../../../shared/worker/protocol';
import { UserError } from '../errors';
import type { WorkerHandle, WorkerLauncher } from '../training/launcher';

const CANCEL_GRACE_MS = 10_000;

export class CrossValidationCancelled extends Error {}

/**
 * Cross-validation jobs in flight, one worker process per dataset: a second job on the same
 * dataset is refused (it would train the same models twice), and a cancel finds its worker.
 */
export class CrossValidationJobs {
  private readonly active = new Map<number, { worker: WorkerHandle; cancelled: boolean }>();

  constructor(
    private readonly launcher: WorkerLauncher,
    private readonly entry: string,
  ) {}

  /** Resolves with the out-of-fold probabilities; rejects with CrossValidationCancelled on cancel. */
  run(
    datasetId: number,
    what: string,
    job: CrossValidateJob,
    onProgress: (fold: number, folds: number, progress: RunProgress) => void,
  ): Promise<{ probs: Float32Array; epochs: number }> {
    if (this.active.has(datasetId)) throw new UserError(`Label errors of ${what} are already being looked for; wait for that or cancel it`, 'conflict');
    const worker = this.launcher(this.entry);
    const entry = { worker, cancelled: false };
    this.active.set(datasetId, entry);
    return new Promise((resolve, reject) => {
      let error: string | null = null;
      let settled = false;
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        this.active.delete(datasetId);
        fn();
      };
      worker.onMessage((m) => {
        if (m.type === 'error') error = m.message;
        else if (m.type === 'foldProgress') onProgress(m.fold, m.folds, m.progress);
        else if (m.type === 'crossValidationCancelled') settle(() => reject(new CrossValidationCancelled()));
        else if (m.type === 'crossValidated') {
          settle(() => {
            const bytes = fs.readFileSync(m.file);
            resolve({ probs: new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)), epochs: m.epochs });
          });
        }
      });
      worker.onExit((code, signal) => {
        const how = signal ? `was killed (${signal})` : `exited with code ${code}`;
        const detail = error ?? worker.stderrTail();
        settle(() =>
          reject(
            entry.cancelled
              ? new CrossValidationCancelled()
              : new UserError(`Cross-validation on ${what} failed: the worker process ${how}${detail ? `:\n${detail}` : ''}`),
          ),
        );
      });
      worker.send({ type: 'crossValidate', job });
    });
  }

  /** Asks the dataset's job to stop between two batches; false when none runs. */
  cancel(datasetId: number): boolean {
    const entry = this.active.get(datasetId);
    if (!entry) return false;
    entry.cancelled = true;
    entry.worker.send({ type: 'cancel' });
    setTimeout(() => {
      if (this.active.get(datasetId) === entry) entry.worker.kill();
    }, CANCEL_GRACE_MS).unref();
    return true;
  }
}
