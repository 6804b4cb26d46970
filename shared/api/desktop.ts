import type { CallResponse, Events, EventName } from './contract';

/**
 * `window.cairn` in the desktop app. Calls answer with the plain `{ok, value} | {ok: false, error}`
 * envelope rather than throwing: Electron's contextBridge copies a thrown Error's message but
 * drops its own properties (code, issues), so the renderer turns envelopes into errors itself,
 * in the same place as for HTTP (renderer/src/api/errors.ts).
 */
export interface DesktopBridge {
  invoke(name: string, input: unknown): Promise<CallResponse<unknown>>;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
  /** The path on disk of a file dropped or picked in the page (Electron's webUtils.getPathForFile). */
  pathForFile(file: File): string;
}
