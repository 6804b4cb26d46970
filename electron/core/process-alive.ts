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
