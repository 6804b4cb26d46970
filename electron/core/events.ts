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

  emit<E extends EventName>(event: E, payload: Events[E]): void {
    for (const fn of this.listeners.get(event) ?? []) fn(payload);
    for (const fn of this.any) fn(event, payload);
  }
}
