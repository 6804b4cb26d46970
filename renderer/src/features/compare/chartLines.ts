import type { RunDetail } from '../../../../shared/domain';
import type { ChartLine } from '../../components/LineChart';
import { aggregateByStep, groupRuns } from '../../lib/aggregate';
import type { CurvesByKey } from '../../lib/series';
import { smoothEma } from '../../lib/smoothing';

export type XAxis = 'step' | 'time';

export interface LineOptions {
  xAxis: XAxis;
  smoothing: number;
  /** A param name; '' draws one line per run. */
  groupBy: string;
}

export interface MetricLines {
  lines: ChartLine[];
  /** The lines whose points data-points counts: runs, or group means (not band edges). */
  countIds: string[];
}

/** Each run's first logged point, over all its keys: wall time is measured from there. */
export function runStartTimes(curves: Record<string, CurvesByKey>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [runId, byKey] of Object.entries(curves)) {
    let t0 = Infinity;
    for (const c of Object.values(byKey)) if (c.times && c.times.length > 0) t0 = Math.min(t0, c.times[0]);
    out[runId] = t0;
  }
  return out;
}

const EMPTY: number[] = [];

/**
 * The lines of one metric chart: per run (x = step or seconds since the run's first point,
 * y smoothed), or per group of runs sharing a param value (mean line inside a min/max band,
 * aligned by step).
 */
export function metricLines(
  metricKey: string,
  runs: RunDetail[],
  curves: Record<string, CurvesByKey>,
  colors: string[],
  t0: Record<string, number>,
  opts: LineOptions,
): MetricLines {
  const perRun = runs.map((run, i) => {
    const c = curves[run.id]?.[metricKey];
    const values = c ? smoothEma(c.values, opts.smoothing) : EMPTY;
    const times = c?.times ? c.times.map((t) => (t - t0[run.id]) / 1000) : undefined;
    return { run, color: colors[i], steps: c?.steps ?? EMPTY, values, seconds: times };
  });

  if (!opts.groupBy) {
    const lines = perRun.map(({ run, color, steps, values, seconds }) => ({
      id: run.id,
      label: run.name || run.id,
      color,
      steps: opts.xAxis === 'time' ? (seconds ?? EMPTY) : steps,
      values: opts.xAxis === 'time' && !seconds ? EMPTY : values,
    }));
    return { lines, countIds: lines.map((l) => l.id) };
  }

  const lines: ChartLine[] = [];
  const countIds: string[] = [];
  const groups = groupRuns(perRun, (r) => r.run.params[opts.groupBy]);
  groups.forEach((group, gi) => {
    const color = colors[gi % colors.length];
    const band = aggregateByStep(group.items.map((r) => ({ steps: r.steps, values: r.values, alt: r.seconds })));
    const xs = opts.xAxis === 'time' ? band.alt : band.xs;
    const id = `group:${group.key}`;
    lines.push({ id: `${id}:min`, label: `${group.key} min`, color, steps: xs, values: band.min, band: true });
    lines.push({ id: `${id}:max`, label: `${group.key} max`, color, steps: xs, values: band.max, band: true, fillToPrevious: true });
    lines.push({ id, label: `${opts.groupBy}=${group.key} (${group.items.length})`, color, steps: xs, values: band.mean });
    countIds.push(id);
  });
  return { lines, countIds };
}
