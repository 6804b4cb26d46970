import seedrandom from 'seedrandom';
import { trainConfigSchema, type TrainConfig } from '../training/config';
import { getConfigPath, setConfigPath } from '../training/config-paths';
import type { ParamSpace, SweepSpec } from './spec';

export type TrialParams = Record<string, unknown>;

export interface Trial {
  index: number;
  params: TrialParams;
  config: TrainConfig;
}

function gridPoints(space: ParamSpace): unknown[] {
  if ('values' in space) return space.values;
  const n = space.steps!;
  const pts = Array.from({ length: n }, (_, i) => {
    const t = i / (n - 1);
    const v = space.log ? 10 ** (Math.log10(space.min) + t * (Math.log10(space.max) - Math.log10(space.min))) : space.min + t * (space.max - space.min);
    return space.integer ? Math.round(v) : Number(v.toPrecision(6));
  });
  return [...new Set(pts)];
}

function sample(space: ParamSpace, rand: () => number): unknown {
  if ('values' in space) return space.values[Math.floor(rand() * space.values.length)];
  const u = rand();
  const v = space.log ? 10 ** (Math.log10(space.min) + u * (Math.log10(space.max) - Math.log10(space.min))) : space.min + u * (space.max - space.min);
  return space.integer ? Math.round(v) : Number(v.toPrecision(6));
}

/**
 * The trials of a sweep, in order (a grid: every point; random: `trials` samples); each config
 * validated by the training schema, and each trial's params read back from that config, so what
 * a trial records is what it trains with.
 */
export function generateTrials(spec: SweepSpec): Trial[] {
  const keys = Object.keys(spec.space).sort();
  let combos: TrialParams[];
  if (spec.method === 'grid') {
    combos = [{}];
    for (const key of keys) combos = combos.flatMap((c) => gridPoints(spec.space[key]).map((v) => ({ ...c, [key]: v })));
    if (combos.length > 10000) throw new Error(`The grid has ${combos.length} points; at most 10,000 (use random search)`);
  } else {
    const rand = seedrandom(`sweep:${spec.seed}`);
    combos = Array.from({ length: spec.trials }, () => Object.fromEntries(keys.map((k) => [k, sample(spec.space[k], rand)])));
  }
  return combos.map((params, index) => {
    let raw: Record<string, unknown> = structuredClone(spec.base) as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(params)) raw = setConfigPath(raw, k, v);
    const parsed = trainConfigSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`Trial ${index + 1} (${JSON.stringify(params)}): ${issue.path.join('.')}: ${issue.message}`);
    }
    return { index, params: Object.fromEntries(keys.map((k) => [k, getConfigPath(parsed.data, k)])), config: parsed.data };
  });
}
