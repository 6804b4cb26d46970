import type { Scale } from 'chart.js';
import { formatElapsed } from '../lib/format';

// How LineChart and ScatterPlot scale and mark their data, kept apart from chart.js's
// registration so it can be tested without a canvas.

/**
 * 5% headroom either side of the data on a linear axis, as chart.js's `grace` gives, except that
 * an axis whose values are all ≥ 0 (a loss, a rate, a count) never dips below 0: grace would put
 * the floor of a loss curve ending near 0 at -0.05, which reads as a negative loss.
 * Axes the user zoomed or fixed keep their bounds.
 */
export function padLinearAxis(scale: Scale): void {
  if (scale.type !== 'linear') return;
  const { minDefined, maxDefined } = scale.getUserBounds();
  const { min, max } = scale;
  if (!Number.isFinite(min) || !Number.isFinite(max) || min === max) return;
  const pad = (max - min) * 0.05;
  if (!maxDefined) scale.max = max + pad;
  if (!minDefined) scale.min = min >= 0 ? Math.max(0, min - pad) : min - pad;
}

/** Tick labels of an elapsed-time axis: mm:ss under an hour, h:mm past it. */
export function elapsedTick(this: Scale, value: number | string): string {
  return formatElapsed(Number(value), this.max >= 3600);
}

/** Markers on short curves; a lone point gets a bigger one, or it would be an invisible dot. */
export function pointRadius(line: { band?: boolean; steps: number[] }): number {
  if (line.band || line.steps.length > 60) return 0;
  return line.steps.length === 1 ? 4 : 2;
}
