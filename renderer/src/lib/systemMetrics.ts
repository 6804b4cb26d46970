import { formatDuration, formatMetric } from './format';
import { isSystemKey } from './series';

// The worker's `system/*` samples, as the run page and compare view show them: charts on an
// elapsed-time axis for sampled keys, plain values for the totals logged once at the end.

const LABELS: Record<string, string> = {
  'system/cpu_percent': 'CPU % (100 = one core)',
  'system/memory_mb': 'Memory (MB)',
  'system/memory_percent': 'Memory %',
  'system/gpu_percent': 'GPU %',
  'system/gpu_memory_mb': 'GPU memory (MB)',
  'system/cpu_seconds': 'CPU time',
  'system/wall_seconds': 'Wall time',
};

export function systemLabel(key: string): string {
  return LABELS[key] ?? key.slice('system/'.length);
}

export function formatSystemValue(key: string, value: number | null | undefined): string {
  if (value !== null && value !== undefined && key.endsWith('_seconds')) return formatDuration(value * 1000);
  return formatMetric(value);
}

/**
 * System keys in a stable order, split into those worth a chart (some run has two or more
 * samples) and those that are one value per run (totals, or a run stopped before a second sample).
 */
export function splitSystemKeys(keys: Iterable<string>, maxPoints: (key: string) => number): { charted: string[]; single: string[] } {
  const order = Object.keys(LABELS);
  const rank = (k: string) => (order.includes(k) ? order.indexOf(k) : order.length);
  const sorted = [...new Set(keys)].filter(isSystemKey).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return { charted: sorted.filter((k) => maxPoints(k) > 1), single: sorted.filter((k) => maxPoints(k) <= 1) };
}
