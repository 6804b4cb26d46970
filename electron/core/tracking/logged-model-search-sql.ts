import type { Compiled } from '../runs/run-query';
import { jsonPath } from '../runs/run-query';
import { parseSearchFilter, type Clause, type EntityType, type SearchGrammar } from './mlflow-filter';
import { and, compare } from './mlflow-search-sql';
import { MlflowError } from './mlflow-types';

// search_logged_models' filter and order_by compiled to SQL over `logged_models m`. MLflow 3
// sends order_by as objects ({field_name, ascending}), not as strings.

export const LOGGED_MODEL_GRAMMAR: SearchGrammar = {
  entityTypes: ['metric', 'parameter', 'tag', 'attribute'],
  attributes: new Set(['name', 'model_id', 'model_type', 'status', 'source_run_id', 'creation_timestamp', 'creation_time', 'last_updated_timestamp']),
  numericAttributes: new Set(['creation_timestamp', 'creation_time', 'last_updated_timestamp']),
  listAttributes: new Set(['model_id', 'name', 'status', 'source_run_id']),
  orderAttributes: new Set(['name', 'model_id', 'model_type', 'status', 'source_run_id', 'creation_timestamp', 'creation_time', 'last_updated_timestamp']),
};

const ATTRIBUTES: Record<string, string> = {
  name: 'm.name',
  model_id: 'm.id',
  model_type: 'm.model_type',
  status: 'm.status',
  source_run_id: 'm.source_run_id',
  creation_timestamp: 'm.created_at',
  creation_time: 'm.created_at',
  last_updated_timestamp: 'm.updated_at',
};

/** The latest point of a metric logged against the model (by step, then time), as MLflow compares it. */
const LATEST_METRIC = '(SELECT mm.value FROM logged_model_metrics mm WHERE mm.model_id = m.id AND mm.key = ? ORDER BY mm.step DESC, mm.time DESC LIMIT 1)';

function field(type: EntityType, key: string): Compiled {
  switch (type) {
    case 'metric':
      return { sql: LATEST_METRIC, params: [key] };
    case 'parameter':
      return { sql: 'json_extract(m.params, ?)', params: [jsonPath(key)] };
    case 'tag':
      return { sql: 'json_extract(m.tags, ?)', params: [jsonPath(key)] };
    default:
      return { sql: ATTRIBUTES[key], params: [] };
  }
}

/** A status as stored: filters may name it as the client prints it (READY) or as the enum (LOGGED_MODEL_READY). */
export function statusName(v: string): string {
  const short = v.replace(/^LOGGED_MODEL_/, '');
  return short === 'UPLOAD_FAILED' ? 'FAILED' : short;
}

function statusValue(c: Clause): Clause['value'] {
  if (c.type !== 'attribute' || c.key !== 'status') return c.value;
  return Array.isArray(c.value) ? c.value.map(statusName) : statusName(String(c.value));
}

export function compileLoggedModelFilter(filter: string | undefined): Compiled | null {
  return and(parseSearchFilter(filter, LOGGED_MODEL_GRAMMAR).map((c) => compare(field(c.type, c.key), c.comparator, statusValue(c))));
}

export interface LoggedModelOrder {
  field_name?: string;
  ascending?: boolean;
}

/** ORDER BY for MLflow 3's order_by objects: missing values last, then creation_timestamp DESC, model_id. */
export function compileLoggedModelOrder(orderBy: LoggedModelOrder[] | undefined): Compiled {
  const parts: Compiled[] = [];
  for (const o of orderBy ?? []) {
    const name = typeof o === 'object' && o !== null ? String(o.field_name ?? '') : '';
    const dot = name.indexOf('.');
    const prefix = dot < 0 ? '' : name.slice(0, dot);
    let f: Compiled;
    if (prefix === 'metrics') f = field('metric', name.slice(dot + 1));
    else if (prefix === 'params') f = field('parameter', name.slice(dot + 1));
    else if (prefix === 'tags') f = field('tag', name.slice(dot + 1));
    else if (LOGGED_MODEL_GRAMMAR.orderAttributes.has(name)) f = field('attribute', name);
    else throw new MlflowError('INVALID_PARAMETER_VALUE', `Invalid order by field name: '${name}'`);
    const dir = o.ascending === false ? 'DESC' : 'ASC';
    parts.push({ sql: `(${f.sql}) IS NULL, ${f.sql} ${dir}`, params: [...f.params, ...f.params] });
  }
  parts.push({ sql: 'm.created_at DESC, m.id ASC', params: [] });
  return { sql: parts.map((p) => p.sql).join(', '), params: parts.flatMap((p) => p.params) };
}
