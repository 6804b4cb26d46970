import type { CallInput, CallName, CallResults } from '../../shared/api/contract';
import { UserError } from '../core/errors';
import type { Core } from '../core/core';
import { resolveDataDir } from '../core/data-dir';

export interface GlobalOptions {
  dataDir?: string;
}

/** What a command may use of the core: its calls and its events, as the app and `cairn serve` do. */
export type CliCore = Pick<Core, 'dispatch' | 'events'>;

/** Opens the core for one command and closes it after, whatever happens. */
export async function withCore<T>(opts: GlobalOptions, fn: (core: CliCore) => Promise<T> | T): Promise<T> {
  return withLocalCore(opts, fn);
}

/**
 * The whole core, for the commands that run core work in this process rather than call it:
 * `pipeline run` and `watch` (their steps train and evaluate here), `push` and `pull` (the MLflow
 * sync with this shell's credentials, which a call through `cairn serve` would hand to any server
 * its caller names).
 */
export async function withLocalCore<T>(opts: GlobalOptions, fn: (core: Core) => Promise<T> | T): Promise<T> {
  // Loaded when a command runs, not at start-up: `cairn --version` and `--help` need none of it.
  const { Core } = await import('../core/core');
  const core = new Core({ dataDir: resolveDataDir(opts.dataDir), transport: 'http' });
  try {
    return await fn(core);
  } finally {
    // close() does not wait: a run that ended during the command is pushed to the team server first.
    await core.autoPush.idle();
    core.close();
  }
}

/** Calls the core through the same contract and validation as the UI; failures become user errors. */
export async function call<K extends CallName>(core: CliCore, name: K, input: CallInput<K>): Promise<CallResults[K]> {
  const res = await core.dispatch(name, input);
  if (!res.ok) throw new UserError(res.error.message, res.error.code, res.error.field);
  return res.value as CallResults[K];
}
