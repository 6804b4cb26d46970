import { parseField, parseFilter, FilterSyntaxError, type Comparison, type FieldRef, type FilterNode, type FilterValue, type RunAttribute } from '../../../shared/runs/filter';
import type { Db } from '../store/database';
import { UserError } from '../errors';

// Compiles the runs filter language and sort keys to SQL over `runs r`, `experiments e` and
// `datasets d` (see RunRepo's SELECT). Every value and key travels as a bound parameter; only
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
  duration: '((COALESCE(r.ended_at, CAST(unixepoch(\'subsec\') * 1000 AS INTEGER)) - r.started_at) / 1000.0)',
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

function jsonPath(key: string): string {
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

export function compileNode(n: FilterNode): Compiled {
  switch (n.type) {
    case 'and':
    case 'or': {
      const l = compileNode(n.left);
      const r = compileNode(n.right);
      return { sql: `(${l.sql} ${n.type.toUpperCase()} ${r.sql})`, params: [...l.params, ...r.params] };
    }
    case 'not': {
      const o = compileNode(n.operand);
      return { sql: `NOT COALESCE(${o.sql}, 0)`, params: o.params };
    }
    case 'exists': {
      const f = fieldSql(n.field);
      return { sql: `${f.sql} IS ${n.negated ? '' : 'NOT '}NULL`, params: f.params };
    }
    case 'compare':
      return compareSql(fieldSql(n.field), n.op, coerce(n.field, n.value));
    case 'in': {
      const f = fieldSql(n.field);
      const values = n.values.map((v) => coerce(n.field, v));
      const numeric = values.every((v) => typeof v === 'number');
      const lhs = numeric ? `cairn_num(${f.sql})` : f.sql;
      const sql = `${lhs} ${n.negated ? 'NOT ' : ''}IN (${values.map(() => '?').join(', ')})`;
      return n.negated ? { sql: `(${f.sql} IS NULL OR ${sql})`, params: [...f.params, ...f.params, ...values] } : { sql, params: [...f.params, ...values] };
    }
  }
}

export function compileFilter(src: string | undefined): Compiled | null {
  try {
    const ast = parseFilter(src ?? '');
    return ast ? compileNode(ast) : null;
  } catch (err) {
    if (err instanceof FilterSyntaxError) throw new UserError(`Filter: ${err.message}`);
    throw err;
  }
}

/** ORDER BY for a sort key; runs without the value go last whichever the direction. */
export function compileSort(key: string, dir: 'asc' | 'desc'): Compiled {
  let field: FieldRef;
  try {
    field = parseField(key);
  } catch (err) {
    if (err instanceof FilterSyntaxError) throw new UserError(`Sort: ${err.message}`);
    throw err;
  }
  const f = fieldSql(field);
  const d = dir === 'asc' ? 'ASC' : 'DESC';
  return { sql: `(${f.sql}) IS NULL, cairn_num(${f.sql}) ${d}, ${f.sql} ${d}, r.created_at DESC`, params: [...f.params, ...f.params, ...f.params] };
}
