import { describe, expect, it } from 'vitest';
import { EarlyStopping } from '../../electron/worker/early-stopping';

describe('EarlyStopping', () => {
  it('stops after `patience` epochs without a loss improving by more than minDelta', () => {
    const es = new EarlyStopping({ monitor: 'val_loss', patience: 2, minDelta: 0.01 });
    expect([1.0, 0.5, 0.495, 0.494].map((v) => es.update(v))).toEqual([false, false, false, true]);
  });

  it('resets patience on improvement', () => {
    const es = new EarlyStopping({ monitor: 'val_loss', patience: 2, minDelta: 0 });
    expect([1, 1.1, 0.9, 1.0, 0.95].map((v) => es.update(v))).toEqual([false, false, false, false, true]);
  });

  it('maximizes accuracy metrics', () => {
    const es = new EarlyStopping({ monitor: 'val_accuracy', patience: 1, minDelta: 0 });
    expect([0.5, 0.6, 0.7, 0.65].map((v) => es.update(v))).toEqual([false, false, false, true]);
  });
});
