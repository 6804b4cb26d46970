import { GateSyntaxError, evaluateGate, parseGate, type Gate, type GateMetrics, type GateResult } from '../gates';

// A pipeline's gates reuse the quality-gate expressions. `evaluate` writes them as a bound per
// metric (`accuracy: 0.8`); `compare` may bound a metric by the champion's value on the same rows
// (`demographic_parity_difference[sex] <= champion + 0.02`).

/** Metrics where less is better: a bound on them is a maximum. */
export function lowerIsBetter(metric: string): boolean {
  return metric === 'log_loss' || metric === 'ece' || metric === 'drift_share' || metric.endsWith('_difference');
}

/** `accuracy: 0.8` -> `accuracy >= 0.8`; `log_loss: 0.5` -> `log_loss <= 0.5`. Throws GateSyntaxError. */
export function boundGate(key: string, bound: number): Gate {
  const metric = /^\s*([A-Za-z_][A-Za-z0-9_]*)/.exec(key)?.[1] ?? key;
  return parseGate(`${key} ${lowerIsBetter(metric) ? '<=' : '>='} ${bound}`);
}

export interface RelativeGate {
  expression: string;
  gate: Gate;
  /** Null: an absolute bound; else the threshold is the champion's value plus this. */
  championOffset: number | null;
}

const RELATIVE = /^(.*?)(>=|<=|==|!=|=|>|<)\s*champion\s*(?:([+-])\s*(\S+))?\s*$/;

/** Throws GateSyntaxError naming the expression. */
export function parseRelativeGate(expression: string): RelativeGate {
  const m = RELATIVE.exec(expression);
  if (!m) return { expression: expression.trim(), gate: parseGate(expression), championOffset: null };
  const [, left, op, sign, raw] = m;
  const offset = raw === undefined ? 0 : Number(raw) * (sign === '-' ? -1 : 1);
  if (!Number.isFinite(offset)) throw new GateSyntaxError(expression, `"${raw}" after champion ${sign} is not a number`);
  const gate = parseGate(`${left} ${op} 0`);
  return { expression: expression.trim(), gate: { ...gate, expression: expression.trim() }, championOffset: offset };
}

/** The challenger's value against the bound; a relative bound without a champion value fails, saying why. */
export function checkRelativeGate(g: RelativeGate, challenger: GateMetrics, champion: GateMetrics | null): GateResult & { championValue: number | null } {
  if (g.championOffset === null) return { ...evaluateGate(g.gate, challenger), championValue: null };
  const base = champion ? evaluateGate(g.gate, champion) : null;
  if (!base || base.value === null) {
    const result = evaluateGate(g.gate, challenger);
    return {
      ...result,
      passed: false,
      championValue: null,
      reason: champion ? `the champion's ${g.gate.metric}: ${base?.reason ?? 'not computed'}` : 'there is no champion to compare with',
    };
  }
  const threshold = base.value + g.championOffset;
  return { ...evaluateGate({ ...g.gate, threshold }, challenger), championValue: base.value };
}

/** The first bad expression's message, or null. */
export function gateProblem(parse: () => unknown): string | null {
  try {
    parse();
    return null;
  } catch (err) {
    if (err instanceof GateSyntaxError) return err.message;
    throw err;
  }
}
