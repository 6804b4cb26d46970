// IPC channel names; preload.ts repeats them (see the comment there).
export const CALL_CHANNEL = 'cairn:call';
export const EVENT_CHANNEL = 'cairn:event';
