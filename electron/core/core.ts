import { ZodError } from 'zod';
import type { CairnError, CallName, CallResponse } from '../../shared/api/contract';
import type { EngineInfo } from '../../shared/domain';
import { Composition, type CompositionOptions } from './composition';
import { UserError } from './errors';
import { fsUserError } from './fs-errors';
import { isCallName } from './handlers/index';
import type { Services } from './services';
import { storeUserError } from './store/store-errors';

export type CoreOptions = CompositionOptions;

/**
 * The application as its transports see it (Electron IPC, `cairn serve`, the CLI): calls through
 * the contract, the events they push, the engine, closing. Plain Node, the same under all three.
 */
export class Core {
  readonly dataDir: string;
  readonly transport: 'electron' | 'http';
  readonly events: Services['events'];
  /** Publishes `changed` for every committed write, this process's and others'. */
  readonly changes: Composition['changes'];
  /** Runs found `running` at open whose process had died. */
  readonly interrupted: string[];
  /** What dead processes had left in the data folder, removed at open. */
  readonly sweptAtOpen: Composition['sweptAtOpen'];
  /**
   * For the transports that sit on services beside the calls: the MLflow REST API (tracking,
   * registry), media and bundle downloads, the pipeline host. Built on first use.
   */
  readonly services: Services;
  private readonly root: Composition;

  constructor(opts: CoreOptions) {
    this.root = new Composition(opts);
    this.services = this.root;
    this.dataDir = this.root.dataDir;
    this.transport = this.root.transport;
    this.events = this.root.events;
    this.changes = this.root.changes;
    this.interrupted = this.root.interrupted;
    this.sweptAtOpen = this.root.sweptAtOpen;
  }

  /** Pushes each run that ends to the team server of Settings › pushTo; the CLI waits for it before closing. */
  get autoPush(): Composition['autoPush'] {
    return this.root.autoPush;
  }

  /**
   * Validates the input against the contract, runs the handler, and never throws. `guard` is a
   * transport's own rule on valid input (`cairn serve` confines paths), run before the handler.
   */
  async dispatch(name: string, input: unknown, guard?: (name: CallName, args: unknown) => void): Promise<CallResponse<unknown>> {
    if (!isCallName(name)) return { ok: false, error: { code: 'unknown_call', message: `Unknown call "${name}"` } };
    try {
      const args = (await this.root.schema(name)).parse(input ?? {});
      guard?.(name, args);
      const handler = (await this.root.handler(name)) as (a: unknown) => unknown;
      return { ok: true, value: await handler(args) };
    } catch (err) {
      return { ok: false, error: toCairnError(storeUserError(err, this.dataDir) ?? err) };
    }
  }

  /** The engine `auto` trains on here, asked of a worker once per process. */
  engine(): Promise<EngineInfo | null> {
    return this.root.engine();
  }

  close(): void {
    this.root.close();
  }
}

export function toCairnError(err: unknown): CairnError {
  if (err instanceof UserError) return { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) };
  if (err instanceof ZodError) {
    const message = err.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
    const issues = err.issues.map((i) => ({ path: i.path.filter((p): p is string | number => typeof p !== 'symbol'), message: i.message }));
    return { code: 'invalid_input', message, issues };
  }
  const fsError = fsUserError(err);
  if (fsError) return fsError;
  // The message reaches the caller; the stack only those who ask (each transport logs a line).
  if (process.env.CAIRN_DEBUG) console.error(err);
  return { code: 'internal', message: err instanceof Error ? err.message : String(err) };
}
