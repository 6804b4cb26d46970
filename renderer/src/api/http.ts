import type { CairnApi, CallResponse, EventName, Events } from '../../../shared/api/contract';
import { API_PREFIX, EVENTS_PATH, TOKEN_ROTATED_CLOSE, type EventFrame } from '../../../shared/api/http';
import { CairnCallError, unwrap } from './errors';
import { useConnection } from './connection';

type Listener = (payload: never) => void;

/** `CairnApi` over `cairn serve`: POST per call, one WebSocket for every push event. */
export function createHttpApi(token: string): CairnApi {
  const listeners = new Map<string, Set<Listener>>();
  const events = new EventSocket(token, (frame) => {
    for (const listener of listeners.get(frame.event) ?? []) {
      try {
        (listener as (p: unknown) => void)(frame.payload);
      } catch (err) {
        console.error(`listener for ${frame.event} failed`, err);
      }
    }
  });

  return {
    async call(name, input) {
      let res: Response;
      try {
        res = await fetch(API_PREFIX + name, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(input ?? {}),
        });
      } catch (err) {
        throw new CairnCallError({ code: 'internal', message: `Cannot reach the Cairn server (${String(err)})` });
      }
      if (res.status === 401) {
        useConnection.setState({ auth: 'rejected' });
        throw new CairnCallError({ code: 'unauthorized', message: 'The access token was rejected.' });
      }
      let body: CallResponse<unknown>;
      try {
        body = (await res.json()) as CallResponse<unknown>;
      } catch {
        throw new CairnCallError({ code: 'internal', message: `${name}: HTTP ${res.status} without a JSON body` });
      }
      return unwrap(body) as never;
    },
    on<E extends EventName>(event: E, listener: (payload: Events[E]) => void) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as Listener);
      events.ensureOpen();
      return () => {
        set.delete(listener as Listener);
      };
    },
  } satisfies CairnApi as CairnApi;
}

export function eventsUrl(location: Pick<Location, 'protocol' | 'host'>, token: string): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${EVENTS_PATH}?token=${encodeURIComponent(token)}`;
}

/** Exponential backoff with a ceiling and jitter, so many tabs don't reconnect in lockstep. */
export function backoffMs(attempt: number): number {
  const base = Math.min(10_000, 500 * 2 ** attempt);
  return Math.round(base * (0.75 + Math.random() * 0.5));
}

class EventSocket {
  private socket: WebSocket | null = null;
  private attempt = 0;
  private everOpened = false;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly token: string,
    private readonly deliver: (frame: EventFrame) => void,
  ) {}

  ensureOpen(): void {
    if (this.socket || this.timer) return;
    this.connect();
  }

  private connect(): void {
    this.timer = null;
    const socket = new WebSocket(eventsUrl(window.location, this.token));
    this.socket = socket;
    useConnection.setState({ socket: this.everOpened ? 'reconnecting' : 'connecting' });

    socket.onopen = () => {
      this.attempt = 0;
      if (this.everOpened) useConnection.setState((s) => ({ resyncs: s.resyncs + 1 }));
      this.everOpened = true;
      useConnection.setState({ socket: 'open' });
    };
    socket.onmessage = (msg) => {
      if (typeof msg.data !== 'string') return;
      let frame: EventFrame;
      try {
        frame = JSON.parse(msg.data) as EventFrame;
      } catch {
        return;
      }
      if (frame && typeof frame.event === 'string') this.deliver(frame);
    };
    socket.onclose = (e) => {
      this.socket = null;
      // A rotated token will not come back: say so at once rather than retry it forever.
      if (e.code === TOKEN_ROTATED_CLOSE) {
        useConnection.setState({ auth: 'rejected' });
        return;
      }
      useConnection.setState({ socket: 'reconnecting' });
      this.timer = setTimeout(() => this.connect(), backoffMs(this.attempt++));
    };
  }
}
