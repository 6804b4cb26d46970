import {
  fieldKey,
  parseField,
  parseFilter,
  FilterSyntaxError,
  type Comparison,
  type FieldRef,
  type FilterNode,
  type FilterValue,
  type RunAttribute,
} from '../../../shared/runs/filter';
import type { Db } from '../store/database';
import { UserError } from '../errors';

// Compiles the runs filter language and sort keys to SQL over `runs r`, `experiments e` and
// `datasets d` (see RunRepo's SELECT and JOIN_RUN_DATASET). Every value and key travels as a bound parameter; only
// fixed fragments from this file become SQL text.

export interface Compiled {
  sql: string;
  params: unknown[];
}

const ATTR_SQL: Record<RunAttribute, string> = {
  status: 'r.status',
  name: 'r.name',
  id: 'r.id',
  experiment: 'e.name',
  engine: 'r.engine',
  device: 'r.device',
  model: 'r.model_type',
  dataset: 'd.name',
  created: 'r.created_at',
  started: 'r.started_at',
  ended: 'r.ended_at',
  duration: "((COALESCE(r.ended_at, CAST(unixepoch('subsec') * 1000 AS INTEGER)) - r.started_at) / 1000.0)",
  starred: 'r.starred',
  archived: 'r.archived',
};

const TIME_ATTRS = new Set<RunAttribute>(['created', 'started', 'ended']);

/** Numbers stored as text (MLflow logs params as strings) compare as numbers. */
export function registerQueryFunctions(db: Db): void {
  db.function('cairn_num', { deterministic: true }, (x: unknown) => {
    if (typeof x === 'number' || typeof x === 'bigint') return x;
    if (typeof x !== 'string' || x.trim() === '') return null;
    const n = Number(x);
    return Number.isFinite(n) ? n : null;
  });
}

export function jsonPath(key: string): string {
  return `$."${key.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function fieldSql(f: FieldRef): Compiled {
  switch (f.kind) {
    case 'param':
      return { sql: 'json_extract(r.params, ?)', params: [jsonPath(f.key)] };
    case 'tag':
      return { sql: 'json_extract(r.tags, ?)', params: [jsonPath(f.key)] };
    case 'metric':
      return { sql: `(SELECT ms.${f.agg} FROM metric_summaries ms WHERE ms.run_id = r.id AND ms.key = ?)`, params: [f.key] };
    case 'attr':
      return { sql: ATTR_SQL[f.name], params: [] };
  }
}

/** True when any of the run's dataset inputs (as `ri`, a `run_inputs` row) meets the condition. */
export function anyRunInput(cond: Compiled): Compiled {
  return { sql: `EXISTS (SELECT 1 FROM run_inputs ri WHERE ri.run_id = r.id AND ${cond.sql})`, params: cond.params };
}

function coerce(f: FieldRef, v: FilterValue): FilterValue {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (f.kind === 'attr' && TIME_ATTRS.has(f.name) && typeof v === 'string') {
    const t = Date.parse(v);
    if (Number.isNaN(t)) throw new UserError(`"${v}" is not a date or time (try 2026-11-01 or 2026-11-01T09:30)`);
    return t;
  }
  return v;
}

function compareSql(field: Compiled, op: Comparison, value: FilterValue): Compiled {
  const p = field.params;
  if (value === null) {
    if (op === '=') return { sql: `${field.sql} IS NULL`, params: p };
    if (op === '!=') return { sql: `${field.sql} IS NOT NULL`, params: p };
    throw new UserError(`Only = and != compare with null`);
  }
  if (op === '~' || op === '!~') {
    const like = `%${String(value).replace(/[\\%_]/g, '\\$&')}%`;
    const sql = `CAST(${field.sql} AS TEXT) LIKE ? ESCAPE '\\'`;
    return op === '~' ? { sql, params: [...p, like] } : { sql: `NOT (${sql})`, params: [...p, like] };
  }
  const lhs = typeof value === 'number' ? `cairn_num(${field.sql})` : field.sql;
  const sqlOp = op === '!=' ? '<>' : op;
  const sql = `${lhs} ${sqlOp} ?`;
  // A run without the field matches `!=`: it is not equal to anything.
  return op === '!=' ? { sql: `(${field.sql} IS NULL OR ${sql})`, params: [...p, ...p, value] } : { sql, params: [...p, value] };
}

/** The operands of a run of one connective (`a or b or c`), in order, without recursing down the chain. */
function chainOperands(n: FilterNode & { type: 'and' | 'or' }): FilterNode[] {
  const out: FilterNode[] = [];
  const stack: FilterNode[] = [n];
  while (stack.length) {
    const x = stack.pop()!;
    if (x.type === n.type) stack.push(x.right, x.left);
    else out.push(x);
  }
  return out;
}

/** A balanced tree of one connective: a long `or` chain stays shallow, under SQLite's expression depth limit. */
function balanced(parts: Compiled[], op: 'AND' | 'OR'): Compiled {
  if (parts.length === 1) return parts[0];
  const mid = parts.length >> 1;
  const l = balanced(parts.slice(0, mid), op);
  const r = balanced(parts.slice(mid), op);
  return { sql: `(${l.sql} ${op} ${r.sql})`, params: [...l.params, ...r.params] };
}

/** Metrics are numbers: a text value (`metrics.loss < "abc"`) would compare as text, matching by accident. */
function checkMetricValue(f: FieldRef, v: FilterValue): void {
  if (f.kind === 'metric' && typeof v === 'string') throw new UserError(`Filter: ${fieldKey(f)} is a number; "${v}" is not one`);
}

export function compileNode(n: FilterNode): Compiled {
  switch (n.type) {
    case 'and':
    case 'or':
      return balanced(chainOperands(n).map(compileNode), n.type === 'and' ? 'AND' : 'OR');
    case 'not': {
      const o = compileNode(n.operand);
      return { sql: `NOT COALESCE(${o.sql}, 0)`, params: o.params };
    }
    case 'exists': {
      const f = fieldSql(n.field);
      return { sql: `${f.sql} IS ${n.negated ? '' : 'NOT '}NULL`, params: f.params };
    }
    case 'compare':
      if (n.op !== '~' && n.op !== '!~') checkMetricValue(n.field, n.value);
      return compareSql(fieldSql(n.field), n.op, coerce(n.field, n.value));
    case 'in': {
      for (const v of n.values) checkMetricValue(n.field, v);
      const f = fieldSql(n.field);
      const values = n.values.map((v) => coerce(n.field, v));
      const numeric = values.every((v) => typeof v === 'number');
      const lhs = numeric ? `cairn_num(${f.sql})` : f.sql;
      const sql = `${lhs} ${n.negated ? 'NOT ' : ''}IN (${values.map(() => '?').join(', ')})`;
      return n.negated ? { sql: `(${f.sql} IS NULL OR ${sql})`, params: [...f.params, ...f.params, ...values] } : { sql, params: [...f.params, ...values] };
    }
  }
}

/** The runs filter parsed, with a syntax error as one user-facing line. */
export function parseRunFilter(src: string | undefined): FilterNode | null {
  try {
    return parseFilter(src ?? '');
  } catch (err) {
    if (err instanceof FilterSyntaxError) throw new UserError(`Filter: ${err.message}`);
    throw err;
  }
}

/** A sort key parsed, with a syntax error as one user-facing line. */
export function parseSortField(key: string): FieldRef {
  try {
    return parseField(key);
  } catch (err) {
    if (err instanceof FilterSyntaxError) throw new UserError(`Sort: ${err.message}`);
    throw err;
  }
}

/** ORDER BY for a sort field; runs without the value go last whichever the direction. */
export function compileSort(field: FieldRef, dir: 'asc' | 'desc'): Compiled {
  const f = fieldSql(field);
  const d = dir === 'asc' ? 'ASC' : 'DESC';
  return { sql: `(${f.sql}) IS NULL, cairn_num(${f.sql}) ${d}, ${f.sql} ${d}, r.created_at DESC`, params: [...f.params, ...f.params, ...f.params] };
}
