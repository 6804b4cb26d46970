import type { FromWorker, ToWorker } from '../../shared/worker/protocol';

// The worker runs under Node's child_process.fork (IPC via process.send) or Electron's
// utilityProcess.fork (messages on process.parentPort as e.data); this hides which.

interface ParentPort {
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

export interface Transport {
  send(msg: FromWorker): Promise<void>;
  onMessage(listener: (msg: ToWorker) => void): void;
}

export function createTransport(proc: NodeJS.Process = process): Transport {
  const port = (proc as unknown as { parentPort?: ParentPort }).parentPort;
  if (port) {
    return {
      send: async (msg) => port.postMessage(msg),
      onMessage: (listener) => port.on('message', (e) => listener(e.data as ToWorker)),
    };
  }
  if (typeof proc.send !== 'function') {
    throw new Error('the training worker must be started with an IPC channel (child_process.fork or utilityProcess.fork)');
  }
  return {
    send: (msg) =>
      new Promise<void>((resolve) => {
        // A closed channel means the core is gone; nothing useful is left to do with the error.
        if (!proc.connected) return resolve();
        proc.send!(msg, undefined, undefined, () => resolve());
      }),
    onMessage: (listener) => proc.on('message', (m) => listener(m as ToWorker)),
  };
}
