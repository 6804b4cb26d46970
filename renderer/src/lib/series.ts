import type { MetricPoint, MetricSeries } from '../../../shared/domain';

/** One curve: x = step (epoch or batch index), y = value. Kept as parallel arrays like MetricSeries. */
export interface Curve {
  steps: number[];
  values: number[];
  /** Wall-clock ms per point, when the source had them (compare's wall-time axis). */
  times?: number[];
}

export type CurvesByKey = Record<string, Curve>;

/** Live batch curves can run to hundreds of thousands of points; past this, thin them. */
export const LIVE_POINT_CAP = 4000;

export function curvesFromSeries(series: MetricSeries[], runId?: string): CurvesByKey {
  const out: CurvesByKey = {};
  for (const s of series) {
    if (runId !== undefined && s.runId !== runId) continue;
    out[s.key] = { steps: [...s.steps], values: [...s.values], times: [...s.times] };
  }
  return out;
}

/**
 * Append pushed points to curves without duplicating what a fetch already returned: a point is
 * kept only if its step is past the curve's last step (events and fetch race at load time).
 * Returns the same object when nothing changed, so stores can skip a re-render.
 */
export function appendPoints(curves: CurvesByKey, points: MetricPoint[], cap = LIVE_POINT_CAP): CurvesByKey {
  let next: CurvesByKey | null = null;
  const copied = new Set<string>();
  for (const p of points) {
    if (!Number.isFinite(p.value)) continue;
    const current = (next ?? curves)[p.key];
    const lastStep = current && current.steps.length > 0 ? current.steps[current.steps.length - 1] : -Infinity;
    if (p.step <= lastStep) continue;
    next ??= { ...curves };
    // Copy a curve once per call so the previous state object is never mutated.
    let curve = next[p.key];
    if (!copied.has(p.key)) {
      curve = { steps: [...(current?.steps ?? [])], values: [...(current?.values ?? [])] };
      if (!current || current.times) curve.times = [...(current?.times ?? [])];
      copied.add(p.key);
    }
    curve.steps.push(p.step);
    curve.values.push(p.value);
    curve.times?.push(p.time);
    next[p.key] = curve.steps.length > cap ? thin(curve) : curve;
  }
  return next ?? curves;
}

/** Keep every other point but always the latest, halving a curve while preserving its shape. */
export function thin(curve: Curve): Curve {
  const steps: number[] = [];
  const values: number[] = [];
  const times: number[] | undefined = curve.times ? [] : undefined;
  const last = curve.steps.length - 1;
  for (let i = 0; i <= last; i++) {
    if (i % 2 === 0 || i === last) {
      steps.push(curve.steps[i]);
      values.push(curve.values[i]);
      times?.push(curve.times![i]);
    }
  }
  return times ? { steps, values, times } : { steps, values };
}

export const isBatchKey = (key: string): boolean => key.startsWith('batch/');

/** CPU, memory and GPU samples of the training process: stepped in seconds of training, not epochs. */
export const isSystemKey = (key: string): boolean => key.startsWith('system/');

/** A key the model logs per epoch (loss, val_accuracy, …), as opposed to batch or system samples. */
export const isModelKey = (key: string): boolean => !isBatchKey(key) && !isSystemKey(key);

/** Base name of an epoch-level key: loss and val_loss share the family "loss". */
export function metricFamily(key: string): string {
  return key.startsWith('val_') ? key.slice(4) : key;
}

/** Families to chart, loss and accuracy first, then anything else the model logs. */
export function epochFamilies(keys: Iterable<string>): string[] {
  const fams = new Set<string>(['loss']);
  for (const k of keys) if (isModelKey(k)) fams.add(metricFamily(k));
  const rank = (f: string) => (f === 'loss' ? 0 : f === 'accuracy' ? 1 : 2);
  return [...fams].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

const KEY_ORDER = ['loss', 'accuracy', 'val_loss', 'val_accuracy'];

/** Metric keys as tables and chart grids list them: loss and accuracy (train, val) first, then A→Z. */
export function orderMetricKeys(keys: Iterable<string>): string[] {
  const rank = (k: string) => {
    const i = KEY_ORDER.indexOf(k);
    return i < 0 ? KEY_ORDER.length : i;
  };
  return [...keys].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}
