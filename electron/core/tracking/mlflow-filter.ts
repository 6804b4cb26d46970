import { parseFilter, FilterSyntaxError, type FilterNode, type FilterValue } from '../../../shared/runs/filter';
import type { RunStatus } from '../../../shared/domain';
import { MlflowError, type MlflowRunStatus } from './mlflow-types';

// MLflow's search syntax is close to Cairn's filter language: `metrics.acc > 0.9 and
// params.lr = '0.01' and attributes.status = 'FINISHED'`. Only attribute names and status
// values differ, so they are renamed here and the rest goes to the same compiler.

const ATTRIBUTE_NAMES: Record<string, string> = {
  run_name: 'name',
  run_id: 'id',
  start_time: 'started',
  end_time: 'ended',
  created: 'created',
  status: 'status',
};

export const STATUS_TO_CAIRN: Record<MlflowRunStatus, RunStatus> = {
  RUNNING: 'running',
  SCHEDULED: 'queued',
  FINISHED: 'finished',
  FAILED: 'failed',
  KILLED: 'cancelled',
};

export const STATUS_TO_MLFLOW: Record<RunStatus, MlflowRunStatus> = {
  running: 'RUNNING',
  queued: 'SCHEDULED',
  finished: 'FINISHED',
  failed: 'FAILED',
  cancelled: 'KILLED',
  interrupted: 'FAILED',
};

function renameAttributes(src: string): string {
  return src.replace(/\b(?:attributes?|attr|run)\.(\w+)/gi, (whole, name: string) => {
    const mapped = ATTRIBUTE_NAMES[name.toLowerCase()];
    if (!mapped) throw new MlflowError('INVALID_PARAMETER_VALUE', `Invalid attribute key '${name}' in filter`);
    return mapped;
  });
}

function mapStatus(v: FilterValue): FilterValue {
  return typeof v === 'string' && v.toUpperCase() in STATUS_TO_CAIRN ? STATUS_TO_CAIRN[v.toUpperCase() as MlflowRunStatus] : v;
}

function walk(n: FilterNode): FilterNode {
  switch (n.type) {
    case 'and':
    case 'or':
      return { ...n, left: walk(n.left), right: walk(n.right) };
    case 'not':
      return { ...n, operand: walk(n.operand) };
    case 'compare':
      return n.field.kind === 'attr' && n.field.name === 'status' ? { ...n, value: mapStatus(n.value) } : n;
    case 'in':
      return n.field.kind === 'attr' && n.field.name === 'status' ? { ...n, values: n.values.map(mapStatus) } : n;
    case 'exists':
      return n;
  }
}

export function parseMlflowFilter(src: string | undefined): FilterNode | null {
  try {
    const ast = parseFilter(renameAttributes(src ?? ''));
    return ast ? walk(ast) : null;
  } catch (err) {
    if (err instanceof FilterSyntaxError) throw new MlflowError('INVALID_PARAMETER_VALUE', `Invalid filter '${src}': ${err.message}`);
    throw err;
  }
}

/** `metrics.acc DESC`, `attributes.start_time` → a Cairn sort key and direction. */
export function parseMlflowOrderBy(clause: string): { field: string; dir: 'asc' | 'desc' } {
  const m = /^\s*(.+?)(?:\s+(ASC|DESC))?\s*$/i.exec(clause);
  if (!m) throw new MlflowError('INVALID_PARAMETER_VALUE', `Invalid order_by clause '${clause}'`);
  return { field: renameAttributes(m[1]), dir: (m[2]?.toLowerCase() as 'asc' | 'desc' | undefined) ?? 'asc' };
}
