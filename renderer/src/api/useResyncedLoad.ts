import { useEffect } from 'react';
import { useConnection } from './connection';

/**
 * Calls `load(...args)` when a view opens, when its arguments change, and again after each
 * reconnect of the event socket (`resyncs`), since events missed while it was down left the
 * view's data stale. Arguments are compared one by one, so pass values, not fresh arrays.
 */
export function useResyncedLoad<A extends unknown[]>(load: (...args: A) => unknown, ...args: A): void {
  const resyncs = useConnection((s) => s.resyncs);
  useEffect(() => {
    void load(...args);
    // The argument list has a fixed length per call site, so spreading it keeps the deps stable.
  }, [load, resyncs, ...args]);
}
