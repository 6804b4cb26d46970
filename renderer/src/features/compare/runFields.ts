import type { RunSummary } from '../../../../shared/domain';
import { cellValue, scopedKey } from '../runs/columns';

// Scatter and parallel-coordinates axes are named like table columns ("params.lr",
// "metrics.val_loss.min"), so one value reader serves all three.

/** Params with a number in any run, then every metric as last/min/max. */
export function numericFields(runs: RunSummary[]): string[] {
  const params = new Set<string>();
  const metrics = new Set<string>();
  for (const run of runs) {
    for (const [k, v] of Object.entries(run.params)) if (typeof v === 'number') params.add(k);
    for (const k of Object.keys(run.metrics)) metrics.add(k);
  }
  return [
    ...[...params].sort().map((p) => scopedKey('params', p)),
    ...[...metrics].sort().flatMap((m) => [scopedKey('metrics', m), scopedKey('metrics', m, 'min'), scopedKey('metrics', m, 'max')]),
  ];
}

export function metricFields(runs: RunSummary[]): string[] {
  return numericFields(runs).filter((k) => k.startsWith('metrics.'));
}

export function numberOf(run: RunSummary, field: string): number | null {
  const v = cellValue(run, field);
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** A preferred default if the runs have it, else the first candidate. */
export function pick(current: string, candidates: string[], preferred: string[]): string {
  if (candidates.includes(current)) return current;
  return preferred.find((p) => candidates.includes(p)) ?? candidates[0] ?? '';
}
