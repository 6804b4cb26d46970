import { fork } from 'node:child_process';
import type { FromWorker, ToWorker } from '../../../shared/worker/protocol';

/** A running worker process, whichever API started it (child_process or Electron's utilityProcess). */
export interface WorkerHandle {
  readonly pid: number | undefined;
  send(msg: ToWorker): void;
  kill(): void;
  onMessage(fn: (msg: FromWorker) => void): void;
  onExit(fn: (code: number | null, signal: string | null) => void): void;
  /** The last lines the process wrote to stderr, kept as the error text if it dies. */
  stderrTail(): string;
}

export type WorkerLauncher = (entry: string) => WorkerHandle;

const TAIL_BYTES = 4000;

export function keepTail(): { push(chunk: Buffer | string): void; text(): string } {
  let tail = '';
  return {
    push(chunk) {
      tail = (tail + chunk.toString()).slice(-TAIL_BYTES);
    },
    text() {
      return tail
        .split('\n')
        .filter((l) => l.trim() !== '')
        .slice(-20)
        .join('\n');
    },
  };
}

export const forkLauncher: WorkerLauncher = (entry) => {
  const child = fork(entry, [], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'], serialization: 'advanced' });
  const tail = keepTail();
  child.stderr?.on('data', (c: Buffer) => tail.push(c));
  child.stdout?.on('data', () => {});
  return {
    pid: child.pid,
    send: (msg) => {
      if (child.connected) child.send(msg);
    },
    kill: () => child.kill('SIGKILL'),
    onMessage: (fn) => child.on('message', (m) => fn(m as FromWorker)),
    onExit: (fn) => child.on('exit', (code, signal) => fn(code, signal)),
    stderrTail: () => tail.text(),
  };
};
