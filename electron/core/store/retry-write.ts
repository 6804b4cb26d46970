import { isBusy } from './store-errors';

/** How long a background write keeps trying while other processes hold the lock. */
export const WRITE_RETRY_MS = Number(process.env.CAIRN_WRITE_RETRY_MS) || 30_000;
const FIRST_DELAY_MS = 25;
const MAX_DELAY_MS = 1000;

/**
 * Runs a synchronous write, again and again while the database is locked by another process,
 * waiting between tries (doubling, with jitter) without blocking the event loop, for at most
 * `totalMs`. Other errors, and the lock still held at the end, are thrown to the caller.
 */
export async function retryWrite<T>(write: () => T, totalMs = WRITE_RETRY_MS): Promise<T> {
  const deadline = Date.now() + totalMs;
  for (let delay = FIRST_DELAY_MS; ; delay = Math.min(MAX_DELAY_MS, delay * 2)) {
    try {
      return write();
    } catch (err) {
      if (!isBusy(err) || Date.now() >= deadline) throw err;
    }
    const wait = Math.min(delay * (0.5 + Math.random()), Math.max(0, deadline - Date.now()));
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}
