import type { RunProgress } from '../../../shared/domain';

export { progressFraction } from '../../../shared/runs/progress';

export function progressLabel(p: RunProgress | null): string {
  if (!p) return 'Waiting…';
  return `Epoch ${Math.max(0, Math.min(p.epoch, p.epochs))}/${p.epochs}`;
}
