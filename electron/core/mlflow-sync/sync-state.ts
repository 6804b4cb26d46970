import type { Db } from '../store/database';

// What a push or pull remembers per tracking server (table sync_remote_ids, migration 015). Each
// write is its own small transaction, recorded right after the server confirmed the request it
// stands for, so a push killed at any point resumes from the last confirmed one.

export type SyncKind = 'experiment' | 'run' | 'metric' | 'metric-batch' | 'input' | 'artifact' | 'model' | 'model-version' | 'alias' | 'pulled-run';

export interface SyncRow {
  remoteId: string | null;
  pushedThrough: string | null;
}

export class SyncState {
  private readonly getStmt;
  private readonly setStmt;
  private readonly delStmt;

  constructor(
    private readonly db: Db,
    readonly remote: string,
  ) {
    this.getStmt = db.prepare(
      'SELECT remote_id AS remoteId, pushed_through AS pushedThrough FROM sync_remote_ids WHERE remote_uri = ? AND kind = ? AND local_id = ?',
    );
    this.setStmt = db.prepare(
      `INSERT INTO sync_remote_ids (remote_uri, kind, local_id, remote_id, pushed_through, updated_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (remote_uri, kind, local_id) DO UPDATE SET remote_id = excluded.remote_id, pushed_through = excluded.pushed_through, updated_at = excluded.updated_at`,
    );
    this.delStmt = db.prepare('DELETE FROM sync_remote_ids WHERE remote_uri = ? AND kind = ? AND local_id = ?');
  }

  get(kind: SyncKind, localId: string): SyncRow | null {
    return (this.getStmt.get(this.remote, kind, localId) as SyncRow | undefined) ?? null;
  }

  set(kind: SyncKind, localId: string, remoteId: string | null, pushedThrough: string | null = null): void {
    this.setStmt.run(this.remote, kind, localId, remoteId, pushedThrough, Date.now());
  }

  delete(kind: SyncKind, localId: string): void {
    this.delStmt.run(this.remote, kind, localId);
  }

  /** Several writes that must land together (a batch's watermarks and the end of its pending mark). */
  together(fn: () => void): void {
    this.db.transaction(fn)();
  }

  /** The local id a remote one was stored under (a pulled run). */
  localFor(kind: SyncKind, remoteId: string): string | null {
    return (
      (this.db.prepare('SELECT local_id FROM sync_remote_ids WHERE remote_uri = ? AND kind = ? AND remote_id = ?').pluck().get(this.remote, kind, remoteId) as
        string | undefined) ?? null
    );
  }

  /** Rows of a kind whose local id starts with a prefix (a run's metric watermarks). */
  byPrefix(kind: SyncKind, prefix: string): Map<string, SyncRow> {
    const rows = this.db
      .prepare(
        'SELECT local_id AS localId, remote_id AS remoteId, pushed_through AS pushedThrough FROM sync_remote_ids WHERE remote_uri = ? AND kind = ? AND substr(local_id, 1, ?) = ?',
      )
      .all(this.remote, kind, prefix.length, prefix) as (SyncRow & { localId: string })[];
    return new Map(rows.map((r) => [r.localId, { remoteId: r.remoteId, pushedThrough: r.pushedThrough }]));
  }
}
