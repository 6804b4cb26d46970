/** Shorter jobs end while the user is still looking; a notification then only interrupts. */
export const LONG_JOB_MS = 10_000;

export interface EndedJob {
  startedAt: number | null;
  endedAt: number | null;
}

/** Notify only for a job that ran long, ended while the window was in the background, with notifications on. */
export function shouldNotify(job: EndedJob, ctx: { enabled: boolean; focused: boolean }): boolean {
  if (!ctx.enabled || ctx.focused || job.startedAt === null || job.endedAt === null) return false;
  return job.endedAt - job.startedAt > LONG_JOB_MS;
}
