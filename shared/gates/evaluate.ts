// Checks parsed gates against the metrics of an evaluation.

import type { ClassMetric, FairnessMetric, GateMetrics, ScalarMetric } from './catalog';
import type { Gate, GateOp } from './parse';

export interface GateResult {
  expression: string;
  metric: string;
  /** The class label or sensitive column in brackets, if any (the positive class for a bare class metric). */
  argument: string | null;
  value: number | null;
  op: GateOp;
  threshold: number;
  passed: boolean;
  /** Why the gate failed without a value (metric not computed, NaN). */
  reason?: string;
}

export function compare(value: number, op: GateOp, threshold: number): boolean {
  switch (op) {
    case '>=':
      return value >= threshold;
    case '>':
      return value > threshold;
    case '<=':
      return value <= threshold;
    case '<':
      return value < threshold;
    case '==':
      return value === threshold;
    case '!=':
      return value !== threshold;
  }
}

const SCALAR_HINTS: Partial<Record<ScalarMetric, string>> = {
  drift_share: 'no drift report: give a drift reference (--drift-reference) or evaluate a run whose training dataset is known',
  expected_value: 'no business values: give --value tp=..,fp=..,tn=..,fn=.. (binary models, or --positive)',
  average_precision: 'average_precision without a class needs a binary model; name one: average_precision[<class>]',
};

function lookup(gate: Gate, m: GateMetrics): { argument: string | null; value: number | null; reason?: string } {
  const t = gate.target;
  if (t.kind === 'scalar') {
    const v = m.scalars[t.metric as ScalarMetric];
    return v === undefined
      ? { argument: null, value: null, reason: SCALAR_HINTS[t.metric as ScalarMetric] ?? `${t.metric} was not computed for this evaluation` }
      : { argument: null, value: v };
  }
  if (t.kind === 'class') {
    const label = t.label ?? m.positiveClass;
    if (label === null)
      return {
        argument: null,
        value: null,
        reason: `${t.metric} without a class means the positive class of a binary model; name a class: ${t.metric}[<class>]`,
      };
    const row = m.perClass[label];
    if (!row) return { argument: label, value: null, reason: `no class "${label}" (classes: ${Object.keys(m.perClass).join(', ')})` };
    const v = row[t.metric as ClassMetric];
    return v === undefined ? { argument: label, value: null, reason: `${t.metric} of class "${label}" was not computed` } : { argument: label, value: v };
  }
  const col = m.fairness[t.column];
  if (!col) return { argument: t.column, value: null, reason: `no fairness analysis for column "${t.column}"; evaluate with --sensitive ${t.column}` };
  const pair = col[t.metric as FairnessMetric];
  return pair === undefined
    ? { argument: t.column, value: null, reason: `${t.metric} was not computed for "${t.column}"` }
    : { argument: t.column, value: pair[t.method] };
}

export function evaluateGate(gate: Gate, metrics: GateMetrics): GateResult {
  const { argument, value, reason } = lookup(gate, metrics);
  const base = { expression: gate.expression, metric: gate.metric, argument, op: gate.op, threshold: gate.threshold };
  if (value === null) return { ...base, value: null, passed: false, reason };
  if (Number.isNaN(value))
    return { ...base, value: null, passed: false, reason: `${gate.metric} is undefined here (NaN), e.g. a class or group without samples` };
  return { ...base, value, passed: compare(value, gate.op, gate.threshold) };
}

export function evaluateGates(gates: ReadonlyArray<Gate>, metrics: GateMetrics): GateResult[] {
  return gates.map((g) => evaluateGate(g, metrics));
}
