import { fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { trainConfigSchema, type TrainConfigInput } from '../../shared/training/config';
import { dataset } from '../helpers';
import type { FromWorker, JobSpec, ToWorker } from '../../shared/worker/protocol';

// Helpers for the worker integration tests: build jobs from the repo's datasets and run the
// compiled worker the way the core does (child_process.fork with an IPC channel).

export const REPO = path.resolve(__dirname, '../..');
export const WORKER = path.join(REPO, 'dist/electron/worker/main.js');

export function tempJobDir(prefix = 'cairn-worker-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function irisJob(jobDir: string, config: TrainConfigInput): JobSpec {
  const csv = Papa.parse<Record<string, string>>(readFileSync(dataset('iris.csv'), 'utf8'), { header: true, skipEmptyLines: true });
  const names = csv.meta.fields!.filter((f) => f !== 'label');
  const rows = csv.data.map((r) => names.map((n) => Number(r[n])));
  const labels = csv.data.map((r) => r.label);
  // The core's job format (TabularJobData): a header line, then [label, cells] per row.
  const lines = [JSON.stringify({ columns: names.map((name) => ({ name, type: 'numeric' })) }), ...rows.map((row, i) => JSON.stringify([labels[i], row]))];
  writeFileSync(path.join(jobDir, 'data.ndjson'), lines.join('\n') + '\n');
  return {
    runId: 'iris-test',
    jobDir,
    config: trainConfigSchema.parse(config),
    classes: [...new Set(labels)].sort(),
    data: { kind: 'tabular', file: 'data.ndjson' },
    resume: null,
  };
}

/** `perClass` images from each digit folder (the first ones, by name). */
export function digitsJob(jobDir: string, perClass: number, config: TrainConfigInput): JobSpec {
  const root = dataset('digits-images');
  const classes = readdirSync(root).sort();
  const items = classes.flatMap((label) =>
    readdirSync(path.join(root, label))
      .sort()
      .slice(0, perClass)
      .map((f) => ({ path: path.join(root, label, f), label })),
  );
  mkdirSync(jobDir, { recursive: true });
  writeFileSync(path.join(jobDir, 'images.json'), JSON.stringify({ items }));
  return {
    runId: 'digits-test',
    jobDir,
    config: trainConfigSchema.parse(config),
    classes,
    data: { kind: 'images', file: 'images.json' },
    resume: null,
  };
}

export interface WorkerRun {
  messages: FromWorker[];
  stderr: string;
  code: number | null;
}

/**
 * Forks the compiled worker, sends start, and resolves when it exits. `onMessage` sees each
 * message as it arrives and may answer (e.g. cancel).
 */
export function runWorker(
  job: JobSpec,
  opts: { env?: Record<string, string>; onMessage?: (msg: FromWorker, send: (m: ToWorker) => void) => void } = {},
): Promise<WorkerRun> {
  return new Promise((resolve, reject) => {
    const child = fork(WORKER, [], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'], env: { ...process.env, ...opts.env } });
    const messages: FromWorker[] = [];
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout!.resume();
    const send = (m: ToWorker) => {
      if (child.connected) child.send(m);
    };
    child.on('message', (m) => {
      messages.push(m as FromWorker);
      opts.onMessage?.(m as FromWorker, send);
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ messages, stderr, code }));
    child.send({ type: 'start', job } satisfies ToWorker);
  });
}

export function ofType<T extends FromWorker['type']>(messages: FromWorker[], type: T): Extract<FromWorker, { type: T }>[] {
  return messages.filter((m): m is Extract<FromWorker, { type: T }> => m.type === type);
}

/** Epoch-level values of one metric key, in step order. */
export function series(messages: FromWorker[], key: string): { step: number; value: number }[] {
  return ofType(messages, 'metrics')
    .flatMap((m) => m.points.filter((p) => p.key === key))
    .map(({ step, value }) => ({ step, value }));
}
