import type { Db } from './database';
import type { TableKey } from './write-statement';

/**
 * The key a `changed` event gives for a table's rows: the row's own `id` (or the first column of
 * its primary key), except for rows that the pages look up by what they belong to, listed here:
 * a dataset's versions by dataset, labels by item, metrics by run, a model's versions by model.
 */
const OWNER_KEYS: Record<string, string> = {
  dataset_versions: 'dataset_id',
  items: 'dataset_id',
  label_actions: 'dataset_id',
  annotations: 'item_id',
  current_labels: 'item_id',
  reviews: 'item_id',
  label_suggestions: 'item_id',
  label_issues: 'item_id',
  metrics: 'run_id',
  model_versions: 'model_id',
  model_alias_history: 'model_id',
};

interface ColumnInfo {
  name: string;
  type: string;
  pk: number;
}

/** Each table's key, read from the schema once per table. */
export function tableKeys(db: Db): (table: string) => TableKey | null {
  const cache = new Map<string, TableKey | null>();
  return (table) => {
    if (!cache.has(table)) cache.set(table, keyOf(db, table));
    return cache.get(table)!;
  };
}

function keyOf(db: Db, table: string): TableKey | null {
  const columns = db.pragma(`table_info(${JSON.stringify(table)})`) as ColumnInfo[];
  const pk = columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
  const column = OWNER_KEYS[table] ?? (columns.some((c) => c.name === 'id') ? 'id' : pk[0]?.name);
  if (!column || !columns.some((c) => c.name === column)) return null;
  return { column, rowid: pk.length === 1 && pk[0].name === column && pk[0].type.toUpperCase() === 'INTEGER' };
}

/** For each table, the tables whose rows go (or lose their reference) when one of its rows is deleted. */
export function cascades(db: Db): (table: string) => string[] {
  const children = new Map<string, Set<string>>();
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
  for (const child of tables) {
    for (const fk of db.pragma(`foreign_key_list(${JSON.stringify(child)})`) as { table: string; on_delete: string }[]) {
      if (fk.on_delete === 'NO ACTION' || fk.on_delete === 'RESTRICT') continue;
      const set = children.get(fk.table) ?? new Set();
      set.add(child);
      children.set(fk.table, set);
    }
  }
  const closure = new Map<string, string[]>();
  return (table) => {
    let found = closure.get(table);
    if (!found) {
      const seen = new Set<string>();
      const visit = (t: string) => {
        for (const c of children.get(t) ?? []) {
          if (seen.has(c) || c === table) continue;
          seen.add(c);
          visit(c);
        }
      };
      visit(table);
      found = [...seen];
      closure.set(table, found);
    }
    return found;
  };
}
