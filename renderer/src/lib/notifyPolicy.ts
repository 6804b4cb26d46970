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

/**
 * Which run.status events are ends. The event also follows edits (a tag, a star, a note) of runs
 * long finished: only a run seen queued or running in this window, and now in another state, ended.
 */
export class RunEnds {
  private readonly active = new Set<string>();

  /** Seen queued or running (a progress event counts: the window may have opened after its start). */
  seenActive(runId: string): void {
    this.active.add(runId);
  }

  /** True once per run: at its first status other than queued or running since it was seen active. */
  ended(runId: string, status: string): boolean {
    if (status === 'queued' || status === 'running') {
      this.active.add(runId);
      return false;
    }
    return this.active.delete(runId);
  }
}
