import type { EventName, Events } from '../../shared/api/contract';

type Listener<E extends EventName> = (payload: Events[E]) => void;

/** The core's push events; each transport forwards them to its clients. */
export class CoreEvents {
  private readonly listeners = new Map<EventName, Set<Listener<EventName>>>();
  private readonly any = new Set<(event: EventName, payload: unknown) => void>();

  on<E extends EventName>(event: E, fn: Listener<E>): () => void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(fn as Listener<EventName>);
    this.listeners.set(event, set);
    return () => set.delete(fn as Listener<EventName>);
  }

  /** Every event, for transports that forward all of them. */
  onAny(fn: (event: EventName, payload: unknown) => void): () => void {
    this.any.add(fn);
    return () => this.any.delete(fn);
  }

  /**
   * Calls every listener, even when one throws: events come from a worker's messages and the
   * store's writes, whose work must not stop (or take the process down) for a listener's error.
   */
  emit<E extends EventName>(event: E, payload: Events[E]): void {
    for (const fn of this.listeners.get(event) ?? []) guard(event, () => fn(payload));
    for (const fn of this.any) guard(event, () => fn(event, payload));
  }
}

function guard(event: EventName, call: () => void): void {
  try {
    call();
  } catch (err) {
    console.error(`cairn: a ${event} listener failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}
