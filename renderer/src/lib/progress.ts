import type { RunProgress } from '../../../shared/domain';

// Assumption about the worker's counters: `epoch` is the 1-based epoch in progress and `batch`
// the number of batches done within it. Clamped, so a 0-based epoch only reads as "not started".
export function progressFraction(p: RunProgress | null): number {
  if (!p || p.epochs <= 0) return 0;
  const withinEpoch = p.batchesPerEpoch > 0 ? Math.min(1, Math.max(0, p.batch / p.batchesPerEpoch)) : 0;
  const done = Math.max(0, p.epoch - 1) + withinEpoch;
  return Math.min(1, Math.max(0, done / p.epochs));
}

export function progressLabel(p: RunProgress | null): string {
  if (!p) return 'Waiting…';
  return `Epoch ${Math.max(0, Math.min(p.epoch, p.epochs))}/${p.epochs}`;
}
