/**
 * TensorBoard's smoothing: an exponential moving average debiased by 1 - w^n, so the first
 * points aren't dragged toward zero. Non-finite values pass through and don't advance the
 * average. `weight` 0 returns the input array itself (no copy), so charts can skip a redraw.
 */
export function smoothEma(values: number[], weight: number): number[] {
  if (!(weight > 0)) return values;
  const w = Math.min(weight, 0.999);
  const out = new Array<number>(values.length);
  let last = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) {
      out[i] = v;
      continue;
    }
    last = last * w + (1 - w) * v;
    n++;
    out[i] = last / (1 - w ** n);
  }
  return out;
}
