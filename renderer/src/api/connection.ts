import { create } from 'zustand';

export type Transport = 'electron' | 'http';
export type SocketState = 'connecting' | 'open' | 'reconnecting';

interface ConnectionState {
  transport: Transport;
  /** Set when the HTTP transport has no token or the server refused it; the app shows AuthScreen. */
  auth: 'ok' | 'missing' | 'rejected';
  socket: SocketState;
  /** Bumped on every reconnect after the first, so views refetch what they may have missed. */
  resyncs: number;
}

export const useConnection = create<ConnectionState>(() => ({
  transport: 'electron',
  auth: 'ok',
  socket: 'open',
  resyncs: 0,
}));
