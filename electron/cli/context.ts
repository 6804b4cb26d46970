import type { CallInput, CallName, CallResults } from '../../shared/api/contract';
import { UserError } from '../core/errors';
import type { Core } from '../core/core';
import { resolveDataDir } from '../core/data-dir';

export interface GlobalOptions {
  dataDir?: string;
}

/** Opens the core for one command and closes it after, whatever happens. */
export async function withCore<T>(opts: GlobalOptions, fn: (core: Core) => Promise<T> | T): Promise<T> {
  // Loaded when a command runs, not at start-up: `cairn --version` and `--help` need none of it.
  const { Core } = await import('../core/core');
  const core = new Core({ dataDir: resolveDataDir(opts.dataDir), transport: 'http' });
  try {
    return await fn(core);
  } finally {
    await core.autoPush.idle();
    core.close();
  }
}

/** Calls the core through the same contract and validation as the UI; failures become user errors. */
export async function call<K extends CallName>(core: Core, name: K, input: CallInput<K>): Promise<CallResults[K]> {
  const res = await core.dispatch(name, input);
  if (!res.ok) throw new UserError(res.error.message, res.error.code, res.error.field);
  return res.value as CallResults[K];
}
