// Metric keys by what they measure. `system/*` samples the training process (CPU, memory, wall
// time): they describe the machine, never the model, so model-facing places leave them out.

export const SYSTEM_METRIC_PREFIX = 'system/';

export function isSystemMetric(key: string): boolean {
  return key.startsWith(SYSTEM_METRIC_PREFIX);
}

/** The metrics that describe a model: everything but the system samples. */
export function modelMetrics(metrics: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(metrics).filter(([k]) => !isSystemMetric(k)));
}
