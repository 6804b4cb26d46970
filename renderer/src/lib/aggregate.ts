// Runs grouped by a param, drawn as one mean line with a min/max band per group.

export interface XYSeries {
  xs: number[];
  ys: number[];
}

export interface Band {
  xs: number[];
  mean: number[];
  min: number[];
  max: number[];
}

/**
 * Aligns series by step: at each step any series has, mean/min/max over the series that have a
 * finite value there. `alt` (e.g. each point's wall time) is averaged alongside, so a group can
 * also be drawn against time.
 */
export function aggregateByStep(series: { steps: number[]; values: number[]; alt?: number[] }[]): Band & { alt: number[] } {
  const acc = new Map<number, { sum: number; n: number; min: number; max: number; altSum: number; altN: number }>();
  for (const s of series) {
    for (let i = 0; i < s.steps.length; i++) {
      const v = s.values[i];
      if (!Number.isFinite(v)) continue;
      let a = acc.get(s.steps[i]);
      if (!a) acc.set(s.steps[i], (a = { sum: 0, n: 0, min: Infinity, max: -Infinity, altSum: 0, altN: 0 }));
      a.sum += v;
      a.n++;
      if (v < a.min) a.min = v;
      if (v > a.max) a.max = v;
      const alt = s.alt?.[i];
      if (alt !== undefined && Number.isFinite(alt)) {
        a.altSum += alt;
        a.altN++;
      }
    }
  }
  const steps = [...acc.keys()].sort((x, y) => x - y);
  const out: Band & { alt: number[] } = { xs: steps, mean: [], min: [], max: [], alt: [] };
  for (const step of steps) {
    const a = acc.get(step)!;
    out.mean.push(a.sum / a.n);
    out.min.push(a.min);
    out.max.push(a.max);
    out.alt.push(a.altN ? a.altSum / a.altN : NaN);
  }
  return out;
}

/** Group keys in a stable, readable order: numbers ascending, then strings, missing last. */
export function groupRuns<T>(items: T[], keyOf: (item: T) => string | number | boolean | null | undefined): { key: string; items: T[] }[] {
  const groups = new Map<string, { raw: unknown; items: T[] }>();
  for (const item of items) {
    const raw = keyOf(item);
    const key = raw === null || raw === undefined ? '—' : String(raw);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { raw, items: [] }));
    g.items.push(item);
  }
  const rank = (raw: unknown) => (typeof raw === 'number' ? 0 : raw === null || raw === undefined ? 2 : 1);
  return [...groups.entries()]
    .sort(([ka, a], [kb, b]) => rank(a.raw) - rank(b.raw) || (typeof a.raw === 'number' && typeof b.raw === 'number' ? a.raw - b.raw : ka.localeCompare(kb)))
    .map(([key, g]) => ({ key, items: g.items }));
}
