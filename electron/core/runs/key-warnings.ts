import { closestMatches } from '../../../shared/closest-matches';
import type { RunColumns } from '../../../shared/domain';
import { fieldKey, type FieldRef, type FilterNode } from '../../../shared/runs/filter';
import type { Db } from '../store/database';
import { jsonPath, type Compiled } from './run-query';

// A filter on a key no run has matches nothing, silently, and a sort on one orders nothing:
// `params.lr` (the train flag) for params.learningRate, `metrics.val_acc` (a column header) for
// metrics.val_accuracy. Such keys get a warning naming the nearest keys that do exist; the query
// itself still runs as asked.

type KeyedField = Extract<FieldRef, { kind: 'param' | 'metric' | 'tag' }>;

const SCOPES = { param: 'params', metric: 'metrics', tag: 'tags' } as const;
const MAX_CHECKED_KEYS = 20;

/** The fields a filter names, in order; iterative, as chains can be long. */
export function filterFields(ast: FilterNode): FieldRef[] {
  const out: FieldRef[] = [];
  const stack = [ast];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'not') stack.push(n.operand);
    else if ('field' in n) out.push(n.field);
    else stack.push(n.right, n.left);
  }
  return out;
}

function hasKeySql(f: KeyedField): Compiled {
  // json_type, not json_extract: a param logged as JSON null still exists.
  if (f.kind === 'param') return { sql: 'json_type(r.params, ?) IS NOT NULL', params: [jsonPath(f.key)] };
  if (f.kind === 'tag') return { sql: 'json_type(r.tags, ?) IS NOT NULL', params: [jsonPath(f.key)] };
  return { sql: 'EXISTS (SELECT 1 FROM metric_summaries ms WHERE ms.run_id = r.id AND ms.key = ?)', params: [f.key] };
}

/**
 * One warning per param, metric or tag key no run in scope has. `scope` restricts `runs r` (the
 * experiments asked for); `known` lists the keys of a kind there, asked only when one is missing.
 */
export function keyWarnings(db: Db, fields: FieldRef[], scope: Compiled & { label: string }, known: (kind: keyof RunColumns) => string[]): string[] {
  const keyed = new Map<string, KeyedField>();
  for (const f of fields) if (f.kind !== 'attr' && !keyed.has(`${f.kind}:${f.key}`)) keyed.set(`${f.kind}:${f.key}`, f);
  const warnings: string[] = [];
  const knownKeys = new Map<keyof RunColumns, string[]>();
  // A query per key: more than a person types are not checked, so a generated filter stays fast.
  for (const f of [...keyed.values()].slice(0, MAX_CHECKED_KEYS)) {
    const has = hasKeySql(f);
    const exists = db
      .prepare(`SELECT EXISTS (SELECT 1 FROM runs r WHERE ${scope.sql} AND ${has.sql})`)
      .pluck()
      .get(...scope.params, ...has.params);
    if (exists) continue;
    const kind = SCOPES[f.kind];
    if (!knownKeys.has(kind)) knownKeys.set(kind, known(kind));
    const keys = knownKeys.get(kind)!;
    const near = closestMatches(f.key, keys).map((key) => fieldKey({ ...f, key }));
    const hint = near.length
      ? `; did you mean ${near.join(' or ')}?`
      : keys.length
        ? ` (${kind} there: ${keys.slice(0, 8).join(', ')}${keys.length > 8 ? ', …' : ''})`
        : '';
    warnings.push(`No run ${scope.label} has ${fieldKey(f)}${hint}`);
  }
  return warnings;
}
