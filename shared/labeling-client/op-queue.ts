import { isFinalCode } from '../api/contract';

/** Runs async jobs one at a time, in the order asked. */
export class Lock {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(job: () => Promise<T>): Promise<T> {
    const result = this.tail.then(job);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

export type OpKind = 'save' | 'undo' | 'review';

/** A change the labeler made that the core has not confirmed yet. */
export interface PendingOp {
  readonly id: number;
  readonly kind: OpKind;
  readonly itemIds: readonly number[];
  /** queued: waiting its turn; sending: on the wire; waiting: retrying after a transient error; failed: stopped, needs retry or discard. */
  status: 'queued' | 'sending' | 'waiting' | 'failed';
  error: string | null;
  attempts: number;
}

export interface OpSpec<T> {
  kind: OpKind;
  itemIds: readonly number[];
  send: () => Promise<T>;
  onDone: (result: T) => void;
}

interface Entry extends PendingOp {
  send: () => Promise<unknown>;
  onDone: (result: unknown) => void;
}

export interface OpQueueOptions {
  /** Shared with page fetches, so a queue page is never read while a save is half-way. */
  lock: Lock;
  /** Waits before each automatic retry of a transient failure; then the op stops as failed. */
  retryDelaysMs: number[];
  onChange: () => void;
}

export function errorText(err: unknown): { message: string; final: boolean } {
  const e = (err ?? {}) as { code?: unknown; message?: unknown };
  return { message: typeof e.message === 'string' ? e.message : String(err), final: isFinalCode(e.code) };
}

/**
 * Labels are sent in the order they were given, one call at a time, while the workspace has
 * already moved on. A failure stops the line (a later label for the same item must not land
 * first) and stays visible until the labeler retries or discards it.
 */
export class OpQueue {
  private readonly list: Entry[] = [];
  private nextId = 1;
  private busy = false;
  private waiters: (() => void)[] = [];

  constructor(private readonly options: OpQueueOptions) {}

  get ops(): readonly PendingOp[] {
    return this.list;
  }

  /** The op that stopped the line, if one did. */
  get failed(): PendingOp | null {
    return this.list[0]?.status === 'failed' ? this.list[0] : null;
  }

  touches(itemId: number): boolean {
    return this.list.some((op) => op.itemIds.includes(itemId));
  }

  push<T>(spec: OpSpec<T>): PendingOp {
    const entry: Entry = {
      id: this.nextId++,
      kind: spec.kind,
      itemIds: spec.itemIds,
      status: 'queued',
      error: null,
      attempts: 0,
      send: spec.send,
      onDone: spec.onDone as (result: unknown) => void,
    };
    this.list.push(entry);
    this.pump();
    return entry;
  }

  /** Takes back an op the core has not seen; false once it is on the wire or done. */
  cancel(id: number): boolean {
    const at = this.list.findIndex((op) => op.id === id);
    if (at < 0 || this.list[at].status === 'sending') return false;
    this.list.splice(at, 1);
    this.changed();
    this.pump();
    return true;
  }

  retry(): void {
    const head = this.list[0];
    if (head?.status !== 'failed') return;
    head.status = 'queued';
    head.attempts = 0;
    this.pump();
  }

  /** Drops the failed op so the rest can go; returns it so the caller can restore what it showed. */
  discard(): PendingOp | null {
    const head = this.failed;
    if (!head) return null;
    this.list.shift();
    this.changed();
    this.pump();
    return head;
  }

  /** Resolves once nothing is left to send, or the line has stopped on a failure. */
  settled(): Promise<void> {
    if (this.isSettled()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private isSettled(): boolean {
    return this.list.length === 0 || this.list[0].status === 'failed';
  }

  private pump(): void {
    const head = this.list[0];
    if (this.busy || !head || head.status !== 'queued') return this.changed();
    this.busy = true;
    head.status = 'sending';
    head.attempts++;
    this.changed();
    this.options.lock.run(head.send).then(
      (result) => {
        this.busy = false;
        this.list.shift();
        head.onDone(result);
        this.pump();
      },
      (err) => {
        this.busy = false;
        const { message, final } = errorText(err);
        head.error = message;
        const delay = this.options.retryDelaysMs[head.attempts - 1];
        if (final || delay === undefined) {
          head.status = 'failed';
        } else {
          head.status = 'waiting';
          setTimeout(() => {
            if (head.status !== 'waiting') return;
            head.status = 'queued';
            this.pump();
          }, delay);
        }
        this.changed();
      },
    );
  }

  private changed(): void {
    this.options.onChange();
    if (!this.isSettled()) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
