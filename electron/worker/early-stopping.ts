import type { EarlyStoppingConfig } from './types';

/** Keras-style patience on one epoch metric; metrics with 'acc' in the name are maximized. */
export class EarlyStopping {
  private best: number | null = null;
  private wait = 0;
  private readonly maximize: boolean;

  constructor(private readonly cfg: EarlyStoppingConfig) {
    this.maximize = /acc/i.test(cfg.monitor);
  }

  get monitor(): string {
    return this.cfg.monitor;
  }

  /** Feeds one epoch's value; true when training should stop. */
  update(value: number): boolean {
    const improved = this.best === null || (this.maximize ? value > this.best + this.cfg.minDelta : value < this.best - this.cfg.minDelta);
    if (improved) {
      this.best = value;
      this.wait = 0;
      return false;
    }
    this.wait++;
    return this.wait >= this.cfg.patience;
  }
}
