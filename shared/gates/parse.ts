// Quality gate expressions: `<metric>[<arg>, <method>] <op> <number>`, e.g. `recall[malignant] >= 0.97`.

import { CLASS_METRICS, FAIRNESS_METRICS, SCALAR_METRICS, isClassMetric, isFairnessMetric, isScalarMetric, type DisparityMethodName } from './catalog';

export type GateOp = '>=' | '>' | '<=' | '<' | '==' | '!=';

export type GateTarget =
  | { kind: 'scalar'; metric: string }
  /** label null: the positive class of a binary model. */
  | { kind: 'class'; metric: string; label: string | null }
  | { kind: 'fairness'; metric: string; column: string; method: DisparityMethodName };

export interface Gate {
  expression: string;
  metric: string;
  target: GateTarget;
  op: GateOp;
  threshold: number;
}

export class GateSyntaxError extends Error {
  constructor(
    readonly expression: string,
    reason: string,
  ) {
    super(`gate "${expression}": ${reason}`);
    this.name = 'GateSyntaxError';
  }
}

// The bracket takes anything but "]", so class labels such as "<=50K" need no quoting; the operator
// is matched only after it. "=" is accepted as "==". The threshold may not start with an operator
// character, so ">= " can't backtrack into ">" and a threshold "=".
const GATE = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\[([^\]]*)\])?\s*(>=|<=|==|!=|=|>|<)\s*([^\s<>=!]\S*)\s*$/;

function unquote(s: string): string {
  const t = s.trim();
  return /^(["']).*\1$/.test(t) && t.length >= 2 ? t.slice(1, -1) : t;
}

export function parseGate(expression: string): Gate {
  const m = GATE.exec(expression);
  if (!m) throw new GateSyntaxError(expression, 'expected <metric>[<argument>] <op> <number>, e.g. "accuracy >= 0.9" or "recall[malignant] >= 0.97"');
  const [, metric, rawArgs, rawOp, rawThreshold] = m;
  const threshold = Number(rawThreshold);
  if (rawThreshold.trim() === '' || !Number.isFinite(threshold)) throw new GateSyntaxError(expression, `the threshold "${rawThreshold}" is not a number`);
  const op = (rawOp === '=' ? '==' : rawOp) as GateOp;
  const args = rawArgs === undefined ? [] : splitArgs(expression, rawArgs).map(unquote);
  if (args.some((a) => a === '')) throw new GateSyntaxError(expression, 'an empty argument in [ ]');
  return { expression: expression.trim(), metric, target: target(expression, metric, args), op, threshold };
}

/** Splits on commas outside quotes, so a quoted class label may hold one; an unclosed quote is an error, not part of a label. */
function splitArgs(expression: string, s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | null = null;
  for (const ch of s) {
    if (quote) {
      if (ch === quote) quote = null;
      cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      cur += ch;
    } else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (quote) throw new GateSyntaxError(expression, `an unclosed ${quote} in [ ]`);
  out.push(cur);
  return out;
}

function target(expression: string, metric: string, args: string[]): GateTarget {
  if (isFairnessMetric(metric)) {
    if (args.length === 0) throw new GateSyntaxError(expression, `${metric} needs a sensitive column: ${metric}[<column>]`);
    if (args.length > 2) throw new GateSyntaxError(expression, `${metric} takes a column and optionally between_groups or to_overall`);
    const method = args[1] ?? 'between_groups';
    if (method !== 'between_groups' && method !== 'to_overall')
      throw new GateSyntaxError(expression, `"${method}" is not a method; use between_groups or to_overall`);
    return { kind: 'fairness', metric, column: args[0], method };
  }
  if (isClassMetric(metric) && (args.length > 0 || !isScalarMetric(metric))) {
    if (args.length > 1) throw new GateSyntaxError(expression, `${metric} takes one class label`);
    return { kind: 'class', metric, label: args[0] ?? null };
  }
  if (isScalarMetric(metric)) {
    if (args.length) throw new GateSyntaxError(expression, `${metric} takes no argument in [ ]`);
    return { kind: 'scalar', metric };
  }
  const known = [
    ...SCALAR_METRICS,
    ...CLASS_METRICS.filter((c) => !isScalarMetric(c)).map((c) => `${c}[<class>]`),
    ...FAIRNESS_METRICS.map((f) => `${f}[<column>]`),
  ];
  throw new GateSyntaxError(expression, `unknown metric "${metric}"; known: ${known.join(', ')}`);
}

/** Parses every expression; the first bad one throws, named. */
export function parseGates(expressions: ReadonlyArray<string>): Gate[] {
  return expressions.map(parseGate);
}
