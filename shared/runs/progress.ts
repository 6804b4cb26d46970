import type { RunProgress } from '../domain';

// Assumption about the worker's counters: `epoch` is the 1-based epoch in progress and `batch`
// the number of batches done within it. Clamped, so a 0-based epoch only reads as "not started".
export function progressFraction(p: RunProgress | null): number {
  if (!p || p.epochs <= 0) return 0;
  const withinEpoch = p.batchesPerEpoch > 0 ? Math.min(1, Math.max(0, p.batch / p.batchesPerEpoch)) : 0;
  const done = Math.max(0, p.epoch - 1) + withinEpoch;
  return Math.min(1, Math.max(0, done / p.epochs));
}

/**
 * One bar for several jobs (the taskbar has one): the mean of their fractions, each job counting
 * the same, so a short job that ends does not make the bar jump back. Null when nothing runs.
 */
export function jobsFraction(fractions: readonly number[]): number | null {
  if (fractions.length === 0) return null;
  const sum = fractions.reduce((s, f) => s + Math.min(1, Math.max(0, Number.isFinite(f) ? f : 0)), 0);
  return sum / fractions.length;
}
