import type { CoreEvents } from '../core/events';
import { jobsFraction, progressFraction } from '../../shared/runs/progress';

/** A failed import sends no end event: its entry lapses after this long without progress. */
export const IMPORT_SILENCE_MS = 30_000;

/**
 * Follows the core's run and import events and reports one fraction for all running jobs (null
 * when none), for the taskbar or dock progress bar. Returns the unsubscribe.
 */
export function trackJobProgress(events: CoreEvents, report: (fraction: number | null) => void, now: () => number = Date.now): () => void {
  const runs = new Map<string, number>();
  const imports = new Map<string, { fraction: number; at: number }>();
  let last: number | null | undefined;
  let expiry: ReturnType<typeof setTimeout> | null = null;

  const update = () => {
    const t = now();
    for (const [path, job] of imports) if (t - job.at >= IMPORT_SILENCE_MS) imports.delete(path);
    const fraction = jobsFraction([...runs.values(), ...[...imports.values()].map((j) => j.fraction)]);
    if (fraction !== last) report(fraction);
    last = fraction;
    if (expiry) clearTimeout(expiry);
    expiry = imports.size > 0 ? setTimeout(update, IMPORT_SILENCE_MS) : null;
  };

  const offs = [
    events.on('run.status', ({ runId, status, run }) => {
      if (status === 'queued' || status === 'running') runs.set(runId, progressFraction(run.progress));
      else runs.delete(runId);
      update();
    }),
    events.on('run.progress', ({ runId, progress }) => {
      runs.set(runId, progressFraction(progress));
      update();
    }),
    // An import reads its file (checking), then writes its rows (importing): each is half the bar.
    events.on('datasets.importProgress', ({ path, phase, done, total }) => {
      const pass = total > 0 ? Math.min(1, done / total) : 0;
      if (phase === 'importing' && pass >= 1) imports.delete(path);
      else imports.set(path, { fraction: phase === 'checking' ? pass / 2 : 0.5 + pass / 2, at: now() });
      update();
    }),
  ];
  return () => {
    offs.forEach((off) => off());
    if (expiry) clearTimeout(expiry);
  };
}
