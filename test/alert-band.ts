import type { AlertBand } from '../shared/api/calls/monitoring';

/** A reference band of mean ± 3 standard deviations, as the monitoring timeline draws them. */
export function band(mean: number, std: number, alertWhen: AlertBand['alertWhen'] = 'outside'): AlertBand {
  return { mean, std, lower: mean - 3 * std, upper: mean + 3 * std, alertWhen };
}
