import type { FromWorker, ToWorker } from '../../../shared/worker/protocol';
import { UserError } from '../errors';
import type { WorkerLauncher } from '../training/launcher';

/**
 * Runs one short job in its own worker process (as the engine probe does) and resolves with the
 * first message `pick` accepts; a worker error or an early exit rejects with the worker's words.
 */
export function runWorkerJob<T>(launcher: WorkerLauncher, entry: string, msg: ToWorker, pick: (m: FromWorker) => T | undefined, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = launcher(entry);
    let error: string | null = null;
    let settled = false;
    worker.onMessage((m) => {
      if (m.type === 'error') error = m.message;
      const value = pick(m);
      if (value !== undefined && !settled) {
        settled = true;
        resolve(value);
      }
    });
    worker.onExit((code, signal) => {
      if (settled) return;
      settled = true;
      const how = signal ? `was killed (${signal})` : `exited with code ${code}`;
      reject(new UserError(`${what} failed: ${error ?? `the worker process ${how}${worker.stderrTail() ? `:\n${worker.stderrTail()}` : ''}`}`));
    });
    worker.send(msg);
  });
}
