/**
 * Whether another process with this pid is running. This process's own pid counts as not: a
 * run or a scratch file found carrying it at start-up was left by an earlier holder of the number.
 */
export function isOtherProcessAlive(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// A second early: file times and the uptime clock round differently.
const STARTED_AT = Date.now() - process.uptime() * 1000 - 1000;

/**
 * Whether a scratch file carrying `pid`, last written at `mtimeMs`, may still be in use: another
 * live process's, or this process's own when written since it started (a second Core opened on
 * the same folder must not take the first one's files; an earlier holder of the pid's may go).
 */
export function scratchInUse(pid: number, mtimeMs: number, alive: (pid: number) => boolean = isOtherProcessAlive): boolean {
  return alive(pid) || (pid === process.pid && mtimeMs >= STARTED_AT);
}

/** How often a wait on another process's work reads its row. */
const FOLLOW_POLL_MS = 250;

/**
 * Waits on work another process owns (a run, a sweep) by reading its row until `ended` says so.
 * Between reads `interruptOrphans` marks the work of owners that are gone, as the next opener
 * would, so the wait ends when its owner dies. This process's pid counts as alive there: another
 * Core in it may own the work.
 */
export async function followElsewhere<T>(
  read: () => T,
  ended: (row: T) => boolean,
  interruptOrphans: (isAlive: (pid: number) => boolean) => unknown,
): Promise<T> {
  for (let row = read(); ; row = read()) {
    if (ended(row)) return row;
    await new Promise((resolve) => setTimeout(resolve, FOLLOW_POLL_MS));
    interruptOrphans((pid) => pid === process.pid || isOtherProcessAlive(pid));
  }
}
