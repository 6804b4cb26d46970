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
