import { utilityProcess } from 'electron';
import type { FromWorker } from '../../shared/worker/protocol';
import { keepTail, type WorkerLauncher } from '../core/training/launcher';

/** Training workers as Electron utility processes: crashes are reported, never fatal to the app. */
export const utilityLauncher: WorkerLauncher = (entry) => {
  const child = utilityProcess.fork(entry, [], { stdio: 'pipe', serviceName: 'Cairn training worker' });
  const tail = keepTail();
  child.stderr?.on('data', (c: Buffer) => tail.push(c));
  child.stdout?.on('data', () => {});
  let exited = false;
  const exitListeners: ((code: number | null, signal: string | null) => void)[] = [];
  child.on('exit', (code) => {
    exited = true;
    for (const fn of exitListeners) fn(code, null);
  });
  return {
    get pid() {
      return child.pid;
    },
    send: (msg) => {
      if (!exited) child.postMessage(msg);
    },
    kill: () => {
      child.kill();
    },
    onMessage: (fn) => child.on('message', (m: unknown) => fn(m as FromWorker)),
    onExit: (fn) => exitListeners.push(fn),
    stderrTail: () => tail.text(),
  };
};
