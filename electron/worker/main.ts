import type { ToWorker } from '../../shared/worker/protocol';
import { runCrossValidation } from './cross-validate';
import { selectEngine } from './engine';
import { runJob } from './job';
import { runPredict } from './predict';
import { createTransport } from './transport';

// Entry of the worker process: one job (training, cross-validation, prediction or engine probe) per process, then exit (0 done, 1 error).

const transport = createTransport();
let cancelled = false;
let started = false;
let exiting = false;

// Let the last message reach the parent before the process goes away.
function exitSoon(code: number): void {
  exiting = true;
  setTimeout(() => process.exit(code), 20);
}

async function fail(err: unknown): Promise<void> {
  if (exiting) return;
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`cairn-worker: ${err instanceof Error && err.stack ? err.stack : message}\n`);
  await transport.send({ type: 'error', message });
  exitSoon(1);
}

transport.onMessage((msg: ToWorker) => {
  if (msg.type === 'cancel') {
    cancelled = true;
    return;
  }
  if (started) return;
  started = true;
  if (msg.type === 'probe') {
    selectEngine(msg.engine)
      .then((info) => transport.send({ type: 'engine', info }))
      .then(() => exitSoon(0))
      .catch(fail);
    return;
  }
  if (msg.type === 'predict') {
    runPredict(msg.job, { send: (m) => transport.send(m) })
      .then(() => exitSoon(0))
      .catch(fail);
    return;
  }
  const batchIntervalMs = Number(process.env.CAIRN_WORKER_BATCH_INTERVAL_MS ?? 250);
  if (msg.type === 'crossValidate') {
    runCrossValidation(msg.job, { send: (m) => transport.send(m), isCancelled: () => cancelled, batchIntervalMs })
      .then(() => exitSoon(0))
      .catch(fail);
    return;
  }
  runJob(msg.job, { send: (m) => transport.send(m), isCancelled: () => cancelled, batchIntervalMs })
    .then(() => exitSoon(0))
    .catch(fail);
});

process.on('uncaughtException', (err) => void fail(err));
process.on('unhandledRejection', (err) => void fail(err));
// Under child_process.fork: the core went away, so nobody will read what this job produces.
process.on('disconnect', () => process.exit(1));
