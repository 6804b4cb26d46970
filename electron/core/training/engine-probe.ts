import type { EngineInfo } from '../../../shared/domain';
import type { WorkerLauncher } from './launcher';

const PROBE_TIMEOUT_MS = 30_000;

/** Asks a short-lived worker which engine `auto` resolves to here; null if it can't tell. */
export function probeEngine(launcher: WorkerLauncher, entry: string): Promise<EngineInfo | null> {
  return new Promise((resolve) => {
    const worker = launcher(entry);
    const timer = setTimeout(() => {
      worker.kill();
      resolve(null);
    }, PROBE_TIMEOUT_MS);
    worker.onMessage((msg) => {
      if (msg.type === 'engine') {
        clearTimeout(timer);
        resolve(msg.info);
      }
    });
    worker.onExit(() => {
      clearTimeout(timer);
      resolve(null);
    });
    worker.send({ type: 'probe', engine: 'auto' });
  });
}
