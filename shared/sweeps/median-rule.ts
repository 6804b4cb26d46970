// The median stopping rule (Google Vizier; Optuna's MedianPruner): a trial whose best value so
// far is worse than the median of the other trials' best values at the same epoch stops.

export interface TrialHistory {
  runId: string;
  /** Metric value per epoch (1-based); missing epochs are undefined. */
  values: (number | undefined)[];
}

function bestUpTo(values: (number | undefined)[], epoch: number, minimize: boolean): number | undefined {
  let best: number | undefined;
  for (let e = 1; e <= epoch; e++) {
    const v = values[e];
    if (v === undefined || !Number.isFinite(v)) continue;
    if (best === undefined || (minimize ? v < best : v > best)) best = v;
  }
  return best;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function shouldStop(
  trial: TrialHistory,
  others: TrialHistory[],
  epoch: number,
  opts: { minimize: boolean; minEpochs: number; minTrials: number },
): boolean {
  if (epoch < opts.minEpochs) return false;
  const mine = bestUpTo(trial.values, epoch, opts.minimize);
  if (mine === undefined) return false;
  const peers = others
    .filter((o) => o.runId !== trial.runId && o.values[epoch] !== undefined)
    .map((o) => bestUpTo(o.values, epoch, opts.minimize))
    .filter((v): v is number => v !== undefined);
  if (peers.length < opts.minTrials) return false;
  const m = median(peers);
  return opts.minimize ? mine > m : mine < m;
}
