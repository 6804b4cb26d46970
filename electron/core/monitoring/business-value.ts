import type { OutcomeCounts } from '../../../shared/api/calls/evaluation';
import type { TimelineResult } from '../../../shared/api/calls/monitoring';
import type { Cell } from '../datasets/csv-parse';
import { UserError } from '../errors';
import type { Db } from '../store/database';
import { loggedOutcomes } from './outcomes';
import type { Monitored } from './timeline-monitored';

// Business value over time: per chunk, the value per 1,000 predictions the value matrix expects
// (each prediction's outcome weighted by its calibrated probability, no labels needed) beside the
// value realized once outcomes are known: classes valued by the matrix, or amounts as they are.

export interface BusinessRequest {
  values?: OutcomeCounts;
  outcomeColumn?: string;
  idColumn?: string;
}

export interface BusinessInputs {
  info: NonNullable<TimelineResult['business']>;
  /** Per row: 1/0 for a positive/negative outcome, or the amount; NaN where unknown. */
  current: Float64Array;
  /** The same on the reference, for the realized band; null where the reference has none. */
  reference: Float64Array | null;
}

const YES = /^(1|true|yes)$/i;
const NO = /^(0|false|no)$/i;

/** What realized outcomes there are and where they come from; null when the timeline asks for none. */
export function businessInputs(db: Db, m: Monitored, req: BusinessRequest, positive: number | null): BusinessInputs | null {
  if (!req.values && !req.outcomeColumn && !req.idColumn) return null;
  if (req.outcomeColumn && req.idColumn) throw new UserError('realized outcomes come from an outcome column or from logged outcomes by an id column, not both');
  const classes = m.source.classes;
  if (req.values && positive === null) throw new UserError(`a value matrix needs a binary model; ${m.source.label} has ${classes.length} classes`);
  const columnAt = (t: Monitored['current'], name: string) => t.columns.findIndex((c) => c.name === name);
  const need = (name: string, flag: string) => {
    const at = columnAt(m.current, name);
    if (at < 0) throw new UserError(`${m.current.label} has no column "${name}" (${flag}; columns: ${m.current.columns.map((c) => c.name).join(', ')})`);
    return at;
  };
  let source: 'labels' | 'column' | 'logged';
  let column: string;
  let raw: (string | null)[];
  let refRaw: (string | null)[] | null = null;
  const text = (v: Cell) => (v === null || String(v).trim() === '' ? null : String(v).trim());
  const label = m.labelColumn;
  const labelsOf = (t: Monitored['current']) => (label !== null && columnAt(t, label) >= 0 ? t.rows.map((r) => text(r[columnAt(t, label)])) : null);
  if (req.outcomeColumn) {
    const at = need(req.outcomeColumn, 'the outcome column');
    source = 'column';
    column = req.outcomeColumn;
    raw = m.current.rows.map((r) => text(r[at]));
    const refAt = columnAt(m.reference, column);
    if (refAt >= 0) refRaw = m.reference.rows.map((r) => text(r[refAt]));
  } else if (req.idColumn) {
    const at = need(req.idColumn, 'the id column');
    const logged = loggedOutcomes(db, m.source);
    if (logged.size === 0) throw new UserError(`no outcomes logged for ${m.source.label}: cairn outcomes log --model <ref> --file outcomes.csv`);
    source = 'logged';
    column = req.idColumn;
    raw = m.current.rows.map((r) => (r[at] === null ? null : (logged.get(String(r[at]).trim()) ?? null)));
  } else {
    if (label === null) throw new UserError(`${m.reference.label} has no label column to take realized outcomes from; give an outcome column`);
    source = 'labels';
    column = label;
    raw = labelsOf(m.current) ?? m.current.rows.map(() => null);
  }

  const present = raw.filter((v): v is string => v !== null);
  const asClass = (v: string) => (classes.includes(v) ? (positive !== null && v === classes[positive] ? 1 : 0) : YES.test(v) ? 1 : NO.test(v) ? 0 : NaN);
  const isClass = positive !== null && present.every((v) => !Number.isNaN(asClass(v)));
  if (!isClass) {
    const bad = present.find((v) => !Number.isFinite(Number(v)));
    if (bad !== undefined) {
      throw new UserError(
        `outcome "${bad}" in ${column} is neither a class of ${m.source.label} (${classes.join(', ')}), 1/0, yes/no or true/false, nor an amount`,
      );
    }
  }
  if (isClass && !req.values) throw new UserError(`the outcomes in ${column} are classes: give the value of each outcome (tp, fp, tn, fn) to value them`);
  const toNumber = (v: string | null) => (v === null ? NaN : isClass ? asClass(v) : Number(v));
  // The reference's realized value: its own outcome column, else its labels for class outcomes.
  if (!refRaw && isClass) refRaw = labelsOf(m.reference);
  let reference: Float64Array | null = refRaw ? Float64Array.from(refRaw, toNumber) : null;
  if (reference?.every((v) => Number.isNaN(v))) reference = null;
  return { info: { values: req.values ?? null, source, column, kind: isClass ? 'class' : 'amount' }, current: Float64Array.from(raw, toNumber), reference };
}

/**
 * A chunk's value per 1,000 predictions. Expected: predicted positive (p ≥ 0.5) earns tp with the
 * calibrated probability p and fp otherwise; predicted negative earns fn or tn likewise. Realized:
 * over the rows with an outcome, the matrix's value of each outcome, or the amount.
 */
export function chunkBusiness(
  b: BusinessInputs,
  outcomes: Float64Array | null,
  rows: readonly number[],
  positiveScore: (row: number) => number,
  calibrate: ((s: number) => number) | null,
): { expected: number | null; realized: number | null; outcomes: number } {
  const v = b.info.values;
  let expected: number | null = null;
  if (v && rows.length) {
    let sum = 0;
    for (const i of rows) {
      const s = positiveScore(i);
      const p = calibrate ? calibrate(s) : s;
      sum += s >= 0.5 ? p * v.tp + (1 - p) * v.fp : p * v.fn + (1 - p) * v.tn;
    }
    expected = (1000 * sum) / rows.length;
  }
  let realized: number | null = null;
  let n = 0;
  if (outcomes) {
    let sum = 0;
    for (const i of rows) {
      const o = outcomes[i];
      if (Number.isNaN(o)) continue;
      n++;
      if (b.info.kind === 'amount') sum += o;
      else {
        const predicted = positiveScore(i) >= 0.5;
        sum += predicted ? (o ? v!.tp : v!.fp) : o ? v!.fn : v!.tn;
      }
    }
    if (n) realized = (1000 * sum) / n;
  }
  return { expected, realized, outcomes: n };
}
