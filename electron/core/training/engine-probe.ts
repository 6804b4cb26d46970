import type { EngineChoice, EngineInfo } from '../../../shared/domain';
import type { WorkerLauncher } from './launcher';

const PROBE_TIMEOUT_MS = 30_000;

export type ProbeResult = { ok: true; info: EngineInfo } | { ok: false; why: string };

/** Asks a short-lived worker to load an engine (or resolve `auto`) and say what it got, or why not. */
export function probeEngine(launcher: WorkerLauncher, entry: string, engine: EngineChoice = 'auto'): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const worker = launcher(entry);
    let answer: ProbeResult | null = null;
    const timer = setTimeout(() => {
      worker.kill();
      resolve({ ok: false, why: `the worker did not answer within ${PROBE_TIMEOUT_MS / 1000} s` });
    }, PROBE_TIMEOUT_MS);
    worker.onMessage((msg) => {
      if (msg.type === 'engine') answer = { ok: true, info: msg.info };
      if (msg.type === 'error') answer = { ok: false, why: msg.message };
    });
    worker.onExit(() => {
      clearTimeout(timer);
      resolve(answer ?? { ok: false, why: `the worker exited without an answer: ${worker.stderrTail().trim().split('\n').pop() ?? ''}` });
    });
    worker.send({ type: 'probe', engine });
  });
}
