import { EXPERIMENT_LAST_UPDATE_SQL } from '../runs/experiment-repo';
import { anyRunInput, fieldSql, jsonPath, type Compiled } from '../runs/run-query';
import {
  likeToGlob,
  parseOrderBy,
  parseSearchFilter,
  STATUS_TO_MLFLOW,
  type Clause,
  type Comparator,
  type EntityType,
  type SearchGrammar,
} from './mlflow-filter';
import { DEFAULT_EXPERIMENT_ROW } from './mlflow-ids';
import { MlflowError } from './mlflow-types';

// MLflow search filters and order_by clauses compiled to SQL over `runs r` or `experiments e`.
// Keys and values are bound parameters; only fixed fragments from this file become SQL text.

export const RUN_GRAMMAR: SearchGrammar = {
  entityTypes: ['metric', 'parameter', 'tag', 'attribute', 'dataset'],
  attributes: new Set(['run_id', 'run_name', 'status', 'user_id', 'artifact_uri', 'start_time', 'end_time']),
  numericAttributes: new Set(['start_time', 'end_time']),
  listAttributes: new Set(['run_id']),
  orderAttributes: new Set(['run_id', 'run_name', 'status', 'user_id', 'artifact_uri', 'start_time', 'end_time', 'experiment_id', 'lifecycle_stage']),
};

export const EXPERIMENT_GRAMMAR: SearchGrammar = {
  entityTypes: ['attribute', 'tag'],
  attributes: new Set(['name', 'creation_time', 'last_update_time']),
  numericAttributes: new Set(['creation_time', 'last_update_time']),
  listAttributes: new Set(),
  orderAttributes: new Set(['name', 'experiment_id', 'creation_time', 'last_update_time']),
};

/** MLflow's experiment id of a Cairn experiment row, as SQL. */
const MLFLOW_EXPERIMENT_ID = `(CASE r.experiment_id WHEN ${DEFAULT_EXPERIMENT_ROW} THEN '0' ELSE CAST(r.experiment_id AS TEXT) END)`;

const RUN_ATTRIBUTES: Record<string, string> = {
  run_id: 'r.id',
  run_name: 'r.name',
  status: `(CASE r.status ${Object.entries(STATUS_TO_MLFLOW)
    .map(([cairn, mlflow]) => `WHEN '${cairn}' THEN '${mlflow}'`)
    .join(' ')} END)`,
  user_id: "COALESCE(r.user_id, '')",
  artifact_uri: `('mlflow-artifacts:/' || ${MLFLOW_EXPERIMENT_ID} || '/' || r.id || '/artifacts')`,
  start_time: 'COALESCE(r.started_at, r.created_at)',
  end_time: 'r.ended_at',
  experiment_id: MLFLOW_EXPERIMENT_ID,
  lifecycle_stage: "(CASE r.archived WHEN 1 THEN 'deleted' ELSE 'active' END)",
};

function runField(type: EntityType, key: string): Compiled {
  switch (type) {
    case 'metric':
      return fieldSql({ kind: 'metric', key, agg: 'last' });
    // Cairn's own runs keep numeric params as JSON numbers; MLflow compares params as text.
    case 'parameter':
      return { sql: 'CAST(json_extract(r.params, ?) AS TEXT)', params: [jsonPath(key)] };
    case 'tag':
      return { sql: 'json_extract(r.tags, ?)', params: [jsonPath(key)] };
    case 'attribute':
      return { sql: RUN_ATTRIBUTES[key], params: [] };
    case 'dataset':
      return { sql: `ri.${key === 'context' ? 'context' : key === 'digest' ? 'digest' : 'name'}`, params: [] };
  }
}

/** One comparison; a missing field (NULL) matches nothing, `!=` included, as in MLflow's SQL store. */
export function compare(field: Compiled, comparator: Comparator, value: Clause['value']): Compiled {
  switch (comparator) {
    case 'LIKE':
      return { sql: `${field.sql} GLOB ?`, params: [...field.params, likeToGlob(String(value))] };
    case 'ILIKE':
      return { sql: `LOWER(${field.sql}) LIKE LOWER(?)`, params: [...field.params, String(value)] };
    case 'IN':
    case 'NOT IN': {
      const list = value as string[];
      return { sql: `${field.sql} ${comparator} (${list.map(() => '?').join(', ')})`, params: [...field.params, ...list] };
    }
    default:
      return { sql: `${field.sql} ${comparator === '!=' ? '<>' : comparator} ?`, params: [...field.params, value] };
  }
}

export function and(parts: Compiled[]): Compiled | null {
  if (parts.length === 0) return null;
  return { sql: parts.map((p) => `(${p.sql})`).join(' AND '), params: parts.flatMap((p) => p.params) };
}

export function compileRunFilter(filter: string | undefined): Compiled | null {
  const parts = parseSearchFilter(filter, RUN_GRAMMAR).map((c) => {
    if (c.type !== 'dataset') return compare(runField(c.type, c.key), c.comparator, c.value);
    // A run matches when any of its dataset inputs does.
    const inner = compare(runField('dataset', c.key), c.comparator, c.value);
    return anyRunInput(inner);
  });
  return and(parts);
}

/** ORDER BY for order_by clauses: missing values last either way, then MLflow's start_time DESC, run_id. */
export function compileRunOrder(orderBy: string[] | undefined): Compiled {
  const parts: Compiled[] = [];
  for (const clause of orderBy ?? []) {
    const o = parseOrderBy(clause, RUN_GRAMMAR);
    if (o.type === 'dataset') throw new MlflowError('INVALID_PARAMETER_VALUE', `Invalid order_by entity type '${o.type}'`);
    const f = runField(o.type, o.key);
    const dir = o.asc ? 'ASC' : 'DESC';
    parts.push({ sql: `(${f.sql}) IS NULL, ${f.sql} ${dir}`, params: [...f.params, ...f.params] });
  }
  parts.push({ sql: 'COALESCE(r.started_at, r.created_at) DESC, r.id ASC', params: [] });
  return { sql: parts.map((p) => p.sql).join(', '), params: parts.flatMap((p) => p.params) };
}

const EXPERIMENT_ATTRIBUTES: Record<string, string> = {
  name: 'e.name',
  creation_time: 'e.created_at',
  last_update_time: EXPERIMENT_LAST_UPDATE_SQL,
  experiment_id: 'e.id',
};

function experimentField(type: EntityType, key: string): Compiled {
  return type === 'tag' ? { sql: 'json_extract(e.tags, ?)', params: [jsonPath(key)] } : { sql: EXPERIMENT_ATTRIBUTES[key], params: [] };
}

export function compileExperimentFilter(filter: string | undefined): Compiled | null {
  return and(parseSearchFilter(filter, EXPERIMENT_GRAMMAR).map((c) => compare(experimentField(c.type, c.key), c.comparator, c.value)));
}

/** MLflow's default is creation_time DESC, experiment_id ASC. */
export function compileExperimentOrder(orderBy: string[] | undefined): Compiled {
  const clauses = orderBy?.length ? orderBy : ['creation_time DESC'];
  const parts = clauses.map((clause) => {
    const o = parseOrderBy(clause, EXPERIMENT_GRAMMAR);
    if (o.type !== 'attribute') throw new MlflowError('INVALID_PARAMETER_VALUE', `Invalid order_by entity: ${o.type}`);
    const f = experimentField(o.type, o.key);
    return { sql: `(${f.sql}) IS NULL, ${f.sql} ${o.asc ? 'ASC' : 'DESC'}`, params: [...f.params, ...f.params] };
  });
  parts.push({ sql: 'e.id ASC', params: [] });
  return { sql: parts.map((p) => p.sql).join(', '), params: parts.flatMap((p) => p.params) };
}
