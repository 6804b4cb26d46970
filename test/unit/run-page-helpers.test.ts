import type { Scale } from 'chart.js';
import { describe, expect, it } from 'vitest';
import { padLinearAxis, pointRadius } from '../../renderer/src/components/chartScales';
import { formatElapsed } from '../../renderer/src/lib/format';
import { bestPoint, metricGoal } from '../../renderer/src/lib/metricGoal';
import { epochFamilies, orderMetricKeys } from '../../renderer/src/lib/series';
import { splitSystemKeys } from '../../renderer/src/lib/systemMetrics';

function axis(min: number, max: number, type = 'linear', user: { minDefined?: boolean; maxDefined?: boolean } = {}) {
  const scale = { type, min, max, getUserBounds: () => ({ min, max, minDefined: user.minDefined ?? false, maxDefined: user.maxDefined ?? false }) };
  padLinearAxis(scale as unknown as Scale);
  return { min: scale.min, max: scale.max };
}

describe('padLinearAxis', () => {
  it('pads 5% of the range either side', () => {
    expect(axis(2, 12)).toEqual({ min: 1.5, max: 12.5 });
    expect(axis(-4, 6)).toEqual({ min: -4.5, max: 6.5 });
  });
  it('never takes an all-positive axis below 0 (a loss ending near 0)', () => {
    expect(axis(0.01, 1.2)).toEqual({ min: 0, max: 1.2 + 1.19 * 0.05 });
    expect(axis(0, 3).min).toBe(0);
  });
  it('leaves log axes, zoomed bounds and flat data alone', () => {
    expect(axis(0.01, 1, 'logarithmic')).toEqual({ min: 0.01, max: 1 });
    expect(axis(0.2, 0.8, 'linear', { minDefined: true, maxDefined: true })).toEqual({ min: 0.2, max: 0.8 });
    expect(axis(0.5, 0.5)).toEqual({ min: 0.5, max: 0.5 });
  });
});

describe('pointRadius', () => {
  it('marks a lone point larger than the points of a short curve, and none on long curves or bands', () => {
    const steps = (n: number) => Array.from({ length: n }, (_, i) => i);
    expect(pointRadius({ steps: steps(1) })).toBeGreaterThan(pointRadius({ steps: steps(5) }));
    expect(pointRadius({ steps: steps(5) })).toBeGreaterThan(0);
    expect(pointRadius({ steps: steps(500) })).toBe(0);
    expect(pointRadius({ steps: steps(1), band: true })).toBe(0);
  });
});

describe('formatElapsed', () => {
  it('reads mm:ss under an hour and h:mm past it', () => {
    expect(formatElapsed(0)).toBe('00:00');
    expect(formatElapsed(65)).toBe('01:05');
    expect(formatElapsed(3599)).toBe('59:59');
    expect(formatElapsed(3600)).toBe('1:00');
    expect(formatElapsed(3725)).toBe('1:02');
    expect(formatElapsed(3725, true, true)).toBe('1:02:05');
    // An axis that spans hours labels its early ticks in h:mm too.
    expect(formatElapsed(600, true)).toBe('0:10');
  });
});

describe('metric direction', () => {
  it('maximizes scores and minimizes losses and errors', () => {
    expect(['accuracy', 'val_accuracy', 'auc', 'val_f1', 'precision', 'recall'].map(metricGoal)).toEqual(['max', 'max', 'max', 'max', 'max', 'max']);
    expect(['loss', 'val_loss', 'mae', 'val_mse', 'rmse'].map(metricGoal)).toEqual(['min', 'min', 'min', 'min', 'min']);
  });
  it('finds the best epoch in that direction, the first one on ties', () => {
    const curve = { steps: [1, 2, 3, 4, 5], values: [0.9, 0.4, 0.3, 0.3, 0.5] };
    expect(bestPoint(curve, 'min')).toEqual({ value: 0.3, step: 3 });
    expect(bestPoint(curve, 'max')).toEqual({ value: 0.9, step: 1 });
    expect(bestPoint({ steps: [], values: [] }, 'min')).toBeNull();
  });
});

describe('system keys', () => {
  it('are not epoch families, and split into charts and one-off totals', () => {
    expect(epochFamilies(['loss', 'val_loss', 'system/cpu_percent', 'system/memory_mb'])).toEqual(['loss']);
    const points: Record<string, number> = {
      'system/cpu_percent': 5,
      'system/memory_mb': 5,
      'system/cpu_seconds': 1,
      'system/wall_seconds': 1,
      'system/gpu_percent': 1,
    };
    expect(splitSystemKeys([...Object.keys(points), 'loss'], (k) => points[k] ?? 0)).toEqual({
      charted: ['system/cpu_percent', 'system/memory_mb'],
      single: ['system/gpu_percent', 'system/cpu_seconds', 'system/wall_seconds'],
    });
  });
  it('order model metrics loss and accuracy first', () => {
    expect(orderMetricKeys(['mae', 'val_accuracy', 'val_loss', 'accuracy', 'loss'])).toEqual(['loss', 'accuracy', 'val_loss', 'val_accuracy', 'mae']);
  });
});
