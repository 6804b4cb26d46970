import type { Experiment } from '../../../shared/domain';
import type { Db } from '../store/database';
import type { Compiled } from './run-query';

/** A row of `experiments`, as stored. */
export interface ExperimentRow {
  id: number;
  name: string;
  created_at: number;
  /** JSON object of tag key to value. */
  tags: string;
  budget: number | null;
  /** Set when deleted through the MLflow API; its runs are kept. */
  deleted_at: number | null;
}

/** An experiment with when its newest run was created (null: no runs). */
export type ExperimentActivityRow = ExperimentRow & { last_run: number | null };

const SELECT_ACTIVITY = 'SELECT e.*, MAX(r.created_at) AS last_run FROM experiments e LEFT JOIN runs r ON r.experiment_id = e.id';

/** When an experiment last changed (its newest run, else its creation), as SQL over `experiments e`, for filters and sorts. */
export const EXPERIMENT_LAST_UPDATE_SQL = 'COALESCE((SELECT MAX(r.created_at) FROM runs r WHERE r.experiment_id = e.id), e.created_at)';

/** The `experiments` table's only SQL; the runs feature owns it beside `runs`. */
export class ExperimentRepo {
  constructor(private readonly db: Db) {}

  list(): Experiment[] {
    return this.db
      .prepare(
        `SELECT e.id, e.name, e.created_at AS createdAt, COUNT(r.id) AS runCount, MAX(r.created_at) AS lastRunAt
         FROM experiments e LEFT JOIN runs r ON r.experiment_id = e.id
         GROUP BY e.id ORDER BY e.name`,
      )
      .all() as Experiment[];
  }

  byId(id: number): ExperimentActivityRow | undefined {
    return this.db.prepare(`${SELECT_ACTIVITY} WHERE e.id = ? GROUP BY e.id`).get(id) as ExperimentActivityRow | undefined;
  }

  byName(name: string): ExperimentActivityRow | undefined {
    return this.db.prepare(`${SELECT_ACTIVITY} WHERE e.name = ? GROUP BY e.id`).get(name) as ExperimentActivityRow | undefined;
  }

  /** A page of experiments matching every condition (SQL over `experiments e`), in the order given. */
  search(where: Compiled[], order: Compiled, limit: number, offset: number): ExperimentActivityRow[] {
    const sql = where.length ? where.map((w) => `(${w.sql})`).join(' AND ') : '1';
    return this.db
      .prepare(`${SELECT_ACTIVITY} WHERE ${sql} GROUP BY e.id ORDER BY ${order.sql} LIMIT ? OFFSET ?`)
      .all(...where.flatMap((w) => w.params), ...order.params, limit, offset) as ExperimentActivityRow[];
  }

  /** A new experiment's id; the name must be free (the caller says so in its own words). */
  create(name: string, tags: Record<string, string> = {}): number {
    return Number(
      this.db.prepare('INSERT INTO experiments (name, created_at, tags) VALUES (?, ?, ?)').run(name, Date.now(), JSON.stringify(tags)).lastInsertRowid,
    );
  }

  /** Creates an experiment of that name unless one exists. */
  ensure(name: string): void {
    this.db.prepare('INSERT OR IGNORE INTO experiments (name, created_at) VALUES (?, ?)').run(name, Date.now());
  }

  rename(id: number, name: string): void {
    this.db.prepare('UPDATE experiments SET name = ? WHERE id = ?').run(name, id);
  }

  /** Deleted softly at `at`, or restored with null. */
  setDeleted(id: number, at: number | null): void {
    this.db.prepare('UPDATE experiments SET deleted_at = ? WHERE id = ?').run(at, id);
  }

  setTags(id: number, tags: Record<string, string>): void {
    this.db.prepare('UPDATE experiments SET tags = ? WHERE id = ?').run(JSON.stringify(tags), id);
  }

  /** An experiment's spending cap (null: none). */
  setBudget(id: number, budget: number | null): void {
    this.db.prepare('UPDATE experiments SET budget = ? WHERE id = ?').run(budget, id);
  }
}
