import crypto from 'node:crypto';
import type { ColumnInfo, DatasetInfo, DatasetKind, DatasetVersionInfo } from '../../../shared/domain';
import type { Db } from '../store/database';
import { notFound, UserError } from '../errors';
import { writeInChunks } from '../store/chunked-write';
import { retryWrite } from '../store/retry-write';
import { isBusy, isDiskFull } from '../store/store-errors';
import { copyKey, fullItemHashes, ITEM_KEY_BYTES, itemKey, KEY_WORDS, keyWords, sameKey, type StoredItem } from './item-key';

export interface NewVersionItem {
  hash: string;
  data: string | null;
  fileHash: string | null;
  name: string | null;
  label: string | null;
  /** JSON AnnotationValue for multi-label sets and boxes; null for a plain class label. */
  annotation?: string | null;
  /** Pixel size of an image item. */
  width?: number | null;
  height?: number | null;
}

/** An item of a version as read back, in position order. */
export interface VersionItem {
  itemId: number;
  data: string | null;
  fileHash: string | null;
  name: string | null;
  label: string | null;
  annotation: string | null;
  width: number | null;
  height: number | null;
}

export interface NewVersion {
  kind: DatasetKind;
  columns: ColumnInfo[];
  labelColumn: string | null;
  classes: string[];
  source: string;
  items: NewVersionItem[];
}

/** Negative: KiB, as SQLite's cache_size reads it. */
const IMPORT_CACHE_KIB = -65536;
/** Rows discarded per transaction. */
const DISCARD_CHUNK_ROWS = 20_000;
/** Only versions with no importer are published; see migration 010. */
const PUBLISHED = 'import_pid IS NULL';

/** What a version is without its rows, which a streamed import writes in runs (writeRows). */
export interface VersionHeader {
  kind: DatasetKind;
  columns: ColumnInfo[];
  labelColumn: string | null;
  classes: string[];
  source: string;
  rows: number;
  hash: string;
}

interface VersionRow {
  id: number;
  dataset_id: number;
  version: number;
  hash: string;
  kind: DatasetKind;
  row_count: number;
  columns: string;
  label_column: string | null;
  classes: string;
  source: string;
  created_at: number;
}

/** Rows whose hashes a derived version computes at once. */
const HASH_BATCH_ROWS = 4096;
/** Decimal digits of an item id passed to SQL: every id a double holds exactly (below 2^53) fits. */
const ID_DIGITS = 16;

/** 2^22: with 31 key bits above, a packed sort key stays an exact double. */
export const MAX_RUN_ROWS = 4_194_304;

const ITEMS_SQL = `SELECT i.id AS itemId, i.data AS data, i.file_hash AS fileHash, i.name AS name, vi.label AS label, vi.annotation AS annotation,
         i.width AS width, i.height AS height
  FROM version_items vi JOIN items i ON i.id = vi.item_id
  WHERE vi.version_id = ? ORDER BY vi.position`;

/** An import under way: its unpublished version, and the page cache to give back at the end. */
export interface PendingImport {
  datasetId: number;
  versionId: number;
  restoreCache(): void;
}

/** Consecutive rows of an import: each row's item key (ITEM_KEY_BYTES each), data (a JSON array) and label. */
export interface ImportRows {
  keys: Buffer;
  data: string[];
  labels: (string | null)[];
}

export class DatasetRepo {
  private imports = 0;
  private cacheBefore = 0;

  constructor(private readonly db: Db) {}

  /**
   * Adds a version in one transaction (all or nothing). Importing content identical to the
   * latest version returns that version instead of making a new one.
   */
  addVersion(name: string, v: NewVersion): DatasetVersionInfo {
    const hash = versionHash(v);
    return this.db
      .transaction(() => {
        const opened = this.openVersion(name, { ...v, hash, rows: v.items.length });
        if ('existing' in opened) return opened.existing;
        const { datasetId, versionId } = opened;
        const insertItem = this.db.prepare('INSERT OR IGNORE INTO items (dataset_id, hash, data, file_hash, name, width, height) VALUES (?, ?, ?, ?, ?, ?, ?)');
        const findItem = this.db.prepare('SELECT id FROM items WHERE dataset_id = ? AND hash = ?').pluck();
        const link = this.db.prepare('INSERT INTO version_items (version_id, position, item_id, label, annotation) VALUES (?, ?, ?, ?, ?)');
        v.items.forEach((item, position) => {
          const key = itemKey(item.hash);
          const ins = insertItem.run(datasetId, key, item.data, item.fileHash, item.name, item.width ?? null, item.height ?? null);
          const itemId = ins.changes > 0 ? Number(ins.lastInsertRowid) : (findItem.get(datasetId, key) as number);
          link.run(versionId, position, itemId, item.label, item.annotation ?? null);
        });
        return toVersion(this.versionRow(versionId)!);
      })
      .immediate();
  }

  /**
   * Starts a streamed import: an unpublished version (numbered at publish) that rows go into by
   * writeRows, so readers never see a half version; a crash leaves it to sweepUnpublished. When
   * the header is already final and matches the latest version, that version is the answer.
   */
  async openImport(name: string, v: VersionHeader): Promise<PendingImport | { existing: DatasetVersionInfo }> {
    const opened = await retryWrite(() => this.db.transaction(() => this.openVersion(name, v, process.pid)).immediate());
    if ('existing' in opened) return opened;
    const restore = this.growCache();
    let restored = false;
    return { ...opened, restoreCache: () => void (restored || ((restored = true), restore())) };
  }

  /**
   * Writes rows `first`.. of a pending import in chunks of short transactions, each followed by a
   * pause, so other processes keep writing meanwhile. Items go in sorted by key, each chunk filling
   * one stretch of the (dataset_id, hash) index: chunks in file order would each dirty pages all
   * over it, written again at every commit and checkpoint. The version's rows then go in by
   * position, appended in order, each with its item's id: known from the insert when all of a
   * chunk's items were new, else looked up by key.
   */
  async writeRows(p: PendingImport, first: number, rows: ImportRows, progress?: (written: number) => void): Promise<void> {
    try {
      const n = rows.data.length;
      const order = keyOrder(rows.keys, n);
      const words = keyWords(rows.keys);
      // Each row's item id where the insert tells it (0 where the row's item was there already).
      const ids = new Float64Array(n);
      const insertItems = this.db.prepare(
        `INSERT OR IGNORE INTO items (dataset_id, hash, data) SELECT ?, substr(?, j.key * ${ITEM_KEY_BYTES} + 1, ${ITEM_KEY_BYTES}), j.value FROM json_each(?) j`,
      );
      await writeInChunks(
        this.db,
        n,
        (from, to, chunk) => {
          this.pendingRow(p.versionId);
          const inserted = insertItems.run(p.datasetId, chunk.keys, chunk.json);
          if (inserted.changes === chunk.fresh.length) this.numberNewItems(chunk.fresh, Number(inserted.lastInsertRowid), ids, chunk.keys);
          for (const k of chunk.repeated) ids[order[k]] = ids[order[k - 1]];
        },
        {
          prepare: (from: number, to: number) => {
            // A row repeating the one before it in key order (the same content twice) goes in once.
            const fresh: number[] = [];
            const repeated: number[] = [];
            for (let k = from; k < to; k++) {
              if (k > 0 && sameKey(words, order[k], order[k - 1])) repeated.push(k);
              else fresh.push(order[k]);
            }
            const freshWords = new Uint32Array(fresh.length * KEY_WORDS);
            const data: string[] = new Array<string>(fresh.length);
            fresh.forEach((row, i) => {
              copyKey(words, row, freshWords, i);
              data[i] = rows.data[row];
            });
            // Each row's data is a JSON array already: joined, they are one JSON document for json_each.
            return { fresh, repeated, keys: Buffer.from(freshWords.buffer), json: `[${data.join(',')}]` };
          },
          committed: (to) => progress?.(Math.floor(to / 2)),
        },
      );
      // Ids travel as fixed-width decimal digits in a blob: substr of a blob is a byte offset (of
      // text, a walk over the characters), and the cast reads the digits.
      const link = this.db.prepare(
        `INSERT INTO version_items (version_id, position, item_id, label)
         SELECT ?, ? + j.key, coalesce(nullif(CAST(substr(?, j.key * ${ID_DIGITS} + 1, ${ID_DIGITS}) AS INTEGER), 0),
           (SELECT id FROM items WHERE dataset_id = ? AND hash = substr(?, j.key * ${ITEM_KEY_BYTES} + 1, ${ITEM_KEY_BYTES}))), j.value
         FROM json_each(?) j`,
      );
      // Each row's item id was just inserted or comes from the lookup, so the item_id check holds by
      // construction; done per row it is a lookup all over the items table.
      await writeInChunks(
        this.db,
        n,
        (from, to, chunk) => {
          this.pendingRow(p.versionId);
          const linked = link.run(p.versionId, first + from, chunk.digits, p.datasetId, chunk.keys, chunk.labels).changes;
          if (linked !== to - from) throw new Error(`import: ${to - from - linked} rows found no item`);
        },
        {
          prepare: (from: number, to: number) => {
            const digits = Buffer.allocUnsafe((to - from) * ID_DIGITS);
            for (let i = from; i < to; i++) digits.write(String(ids[i]).padStart(ID_DIGITS, '0'), (i - from) * ID_DIGITS, 'latin1');
            return { digits, keys: rows.keys.subarray(from * ITEM_KEY_BYTES, to * ITEM_KEY_BYTES), labels: JSON.stringify(rows.labels.slice(from, to)) };
          },
          // Items, then the version's rows: each step is half the work.
          foreignKeys: false,
          committed: (to) => progress?.(Math.floor((n + to) / 2)),
        },
      );
    } catch (err) {
      this.abandonImport(p);
      throw err;
    }
  }

  /**
   * Rows whose items were all new: AUTOINCREMENT numbered them one after another in the order
   * json_each read them, ending at `lastId`. The first and last are checked against their keys;
   * were SQLite ever to insert in another order, the ids stay unknown and are looked up.
   */
  private numberNewItems(inserted: number[], lastId: number, ids: Float64Array, keys: Buffer): void {
    if (inserted.length === 0) return;
    const firstId = lastId - inserted.length + 1;
    const keyOf = this.db.prepare('SELECT hash FROM items WHERE id = ?').pluck();
    const same = (id: number, k: number) => keys.subarray(k * ITEM_KEY_BYTES, (k + 1) * ITEM_KEY_BYTES).equals(keyOf.get(id) as Buffer);
    if (!same(firstId, 0) || !same(lastId, inserted.length - 1)) return;
    for (let k = 0; k < inserted.length; k++) ids[inserted[k]] = firstId + k;
  }

  /** Gives the pending import its final header and publishes it (or the same content published meanwhile). */
  async publishImport(p: PendingImport, v: VersionHeader, parentId?: number): Promise<DatasetVersionInfo> {
    try {
      return await retryWrite(() => this.publish(p.versionId, v, parentId));
    } catch (err) {
      this.abandonImport(p);
      throw err;
    } finally {
      p.restoreCache();
    }
  }

  /** Discards a pending import (a bad row after some were written, a failed write). */
  abandonImport(p: PendingImport): void {
    this.discardQuietly(p.versionId);
    p.restoreCache();
  }

  /** Inside a chunk's transaction: the import's version is still there (another opener's sweep may have taken it for a dead process's). */
  private pendingRow(versionId: number): VersionRow {
    const row = this.db.prepare('SELECT * FROM dataset_versions WHERE id = ?').get(versionId) as VersionRow | undefined;
    if (!row)
      throw new UserError(
        'another process removed this import as abandoned while it ran (its process id looked dead there); nothing was imported: import again',
      );
    return row;
  }

  /**
   * Makes an imported version visible under the next number, in one short transaction; if the
   * same content was published meanwhile (another import of the same file), that version is the
   * answer and this one is discarded.
   */
  private publish(versionId: number, v: VersionHeader, parentId?: number): DatasetVersionInfo {
    const result = this.db
      .transaction(() => {
        const pending = this.pendingRow(versionId);
        const latest = this.latestRow(pending.dataset_id);
        if (latest && latest.hash === v.hash) return { version: toVersion(latest), duplicate: true };
        this.db
          .prepare(
            'UPDATE dataset_versions SET version = ?, parent_id = ?, created_at = ?, import_pid = NULL, hash = ?, row_count = ?, columns = ?, classes = ? WHERE id = ?',
          )
          .run(
            (latest?.version ?? 0) + 1,
            parentId ?? latest?.id ?? null,
            Date.now(),
            v.hash,
            v.rows,
            JSON.stringify(v.columns),
            JSON.stringify(v.classes),
            versionId,
          );
        return { version: toVersion(this.versionRow(versionId)!), duplicate: false };
      })
      .immediate();
    if (result.duplicate) this.discardQuietly(versionId);
    return result.version;
  }

  /**
   * Removes unpublished versions whose importing process is gone (a crash, a full disk), with
   * their rows and, for a first import, the dataset. Runs at open; a store that refuses the
   * writes (full, locked) keeps them for the next opener.
   */
  sweepUnpublished(isAlive: (pid: number) => boolean): number {
    const rows = this.db.prepare('SELECT id, import_pid FROM dataset_versions WHERE import_pid IS NOT NULL').all() as { id: number; import_pid: number }[];
    const dead = rows.filter((r) => !isAlive(r.import_pid));
    for (const r of dead) if (!this.discardQuietly(r.id)) return 0;
    return dead.length;
  }

  /** Deletes an unpublished version in chunks; true when done, false when the store refused. */
  private discardQuietly(versionId: number): boolean {
    try {
      const row = this.db.prepare('SELECT dataset_id FROM dataset_versions WHERE id = ? AND import_pid IS NOT NULL').get(versionId) as
        { dataset_id: number } | undefined;
      if (!row) return true;
      const deleteLinks = this.db.prepare(
        'DELETE FROM version_items WHERE version_id = ? AND position IN (SELECT position FROM version_items WHERE version_id = ? LIMIT ?)',
      );
      while (deleteLinks.run(versionId, versionId, DISCARD_CHUNK_ROWS).changes > 0);
      this.db.prepare('DELETE FROM dataset_versions WHERE id = ?').run(versionId);
      // A first import that never published: its items and the dataset itself go too.
      if (this.db.prepare('SELECT 1 FROM dataset_versions WHERE dataset_id = ?').get(row.dataset_id) === undefined) {
        const deleteItems = this.db.prepare('DELETE FROM items WHERE id IN (SELECT id FROM items WHERE dataset_id = ? LIMIT ?)');
        while (deleteItems.run(row.dataset_id, DISCARD_CHUNK_ROWS).changes > 0);
        this.db.prepare('DELETE FROM datasets WHERE id = ?').run(row.dataset_id);
      }
      return true;
    } catch (err) {
      if (isBusy(err) || isDiskFull(err)) return false;
      throw err;
    }
  }

  /**
   * A larger page cache while imports run (each row looks its item up by key all over the
   * index: it cuts the time on a million rows); given back when the last one ends.
   */
  private growCache(): () => void {
    if (this.imports++ === 0) {
      this.cacheBefore = this.db.pragma('cache_size', { simple: true }) as number;
      this.db.pragma(`cache_size = ${IMPORT_CACHE_KIB}`);
    }
    return () => {
      if (--this.imports === 0) this.db.pragma(`cache_size = ${this.cacheBefore}`);
    };
  }

  /**
   * Inside a caller's transaction: the dataset (made on first import) and a new version row for
   * `meta`, or the latest version when its content hash is the same (nothing new to store).
   * With `importPid` the row is unpublished (numbered at publish) while that process fills it.
   */
  private openVersion(
    name: string,
    meta: VersionHeader,
    importPid: number | null = null,
  ): { datasetId: number; versionId: number } | { existing: DatasetVersionInfo } {
    const now = Date.now();
    let datasetId = this.db.prepare('SELECT id FROM datasets WHERE name = ?').pluck().get(name) as number | undefined;
    if (datasetId === undefined) datasetId = Number(this.db.prepare('INSERT INTO datasets (name, created_at) VALUES (?, ?)').run(name, now).lastInsertRowid);
    const latest = this.latestRow(datasetId);
    if (latest && latest.hash === meta.hash) return { existing: toVersion(latest) };
    const r = this.db
      .prepare(
        `INSERT INTO dataset_versions (dataset_id, version, hash, kind, row_count, columns, label_column, classes, source, parent_id, created_at, import_pid)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        datasetId,
        // Unpublished rows get numbers below zero, unique as ids are.
        importPid === null ? (latest?.version ?? 0) + 1 : (this.db.prepare('SELECT -1 - COALESCE(MAX(id), 0) FROM dataset_versions').pluck().get() as number),
        meta.hash,
        meta.kind,
        meta.rows,
        JSON.stringify(meta.columns),
        meta.labelColumn,
        JSON.stringify(meta.classes),
        meta.source,
        importPid === null ? (latest?.id ?? null) : null,
        now,
        importPid,
      );
    return { datasetId, versionId: Number(r.lastInsertRowid) };
  }

  list(): DatasetInfo[] {
    const rows = this.db
      .prepare(`SELECT d.id FROM datasets d WHERE EXISTS (SELECT 1 FROM dataset_versions v WHERE v.dataset_id = d.id AND v.${PUBLISHED}) ORDER BY d.name`)
      .pluck()
      .all() as number[];
    return rows.map((id) => this.get(id));
  }

  get(id: number): DatasetInfo {
    const ds = this.db.prepare('SELECT id, name, created_at FROM datasets WHERE id = ?').get(id) as
      { id: number; name: string; created_at: number } | undefined;
    // A dataset whose first import is still going in does not exist yet.
    const latest = ds && this.latestRow(id);
    if (!ds || !latest) throw notFound(`Dataset ${id}`);
    const count = this.db.prepare(`SELECT COUNT(*) FROM dataset_versions WHERE dataset_id = ? AND ${PUBLISHED}`).pluck().get(id) as number;
    return { id: ds.id, name: ds.name, createdAt: ds.created_at, latest: toVersion(latest), versionCount: count };
  }

  findByName(name: string): DatasetInfo | null {
    const id = this.db.prepare('SELECT id FROM datasets WHERE name = ?').pluck().get(name) as number | undefined;
    return id === undefined || !this.latestRow(id) ? null : this.get(id);
  }

  versions(datasetId: number): DatasetVersionInfo[] {
    const rows = this.db.prepare(`SELECT * FROM dataset_versions WHERE dataset_id = ? AND ${PUBLISHED} ORDER BY version`).all(datasetId) as VersionRow[];
    return rows.map(toVersion);
  }

  version(datasetId: number, version?: number): DatasetVersionInfo {
    const row =
      version === undefined
        ? this.latestRow(datasetId)
        : (this.db.prepare(`SELECT * FROM dataset_versions WHERE dataset_id = ? AND version = ? AND ${PUBLISHED}`).get(datasetId, version) as
            VersionRow | undefined);
    if (!row) throw notFound(`Version ${version} of dataset ${datasetId}`);
    return toVersion(row);
  }

  versionById(id: number): DatasetVersionInfo {
    const row = this.versionRow(id);
    if (!row) throw notFound(`Dataset version ${id}`);
    return toVersion(row);
  }

  datasetName(datasetId: number): string {
    return this.db.prepare('SELECT name FROM datasets WHERE id = ?').pluck().get(datasetId) as string;
  }

  /** The items of a version in order, with their labels. */
  items(versionId: number): VersionItem[] {
    return this.db.prepare(ITEMS_SQL).all(versionId) as VersionItem[];
  }

  /** A version's labels in position order, without its rows' data. */
  labels(versionId: number): (string | null)[] {
    return this.db.prepare('SELECT label FROM version_items WHERE version_id = ? ORDER BY position').pluck().all(versionId) as (string | null)[];
  }

  /** A version's item ids in position order (an item's id names its content within the dataset). */
  itemIds(versionId: number): number[] {
    return this.db.prepare('SELECT item_id FROM version_items WHERE version_id = ? ORDER BY position').pluck().all(versionId) as number[];
  }

  /**
   * A version's items once each, in id order (the items table's own, so read without seeking),
   * without labels, each with how many of the version's rows hold it: the rows' contents as a
   * multiset, for work that ignores row order (in row order, the join seeks all over items: a
   * million rows 3.4 s against 1.5 s).
   */
  distinctItems(versionId: number): IterableIterator<{ itemId: number; data: string | null; fileHash: string | null; rows: number }> {
    return this.db
      .prepare(
        `SELECT i.id AS itemId, i.data AS data, i.file_hash AS fileHash, c.rows AS rows
         FROM (SELECT item_id, COUNT(*) AS rows FROM version_items WHERE version_id = ? GROUP BY item_id) c JOIN items i ON i.id = c.item_id ORDER BY i.id`,
      )
      .iterate(versionId) as IterableIterator<{ itemId: number; data: string | null; fileHash: string | null; rows: number }>;
  }

  /** The same rows one at a time, for exports of versions too big to hold. */
  iterateItems(versionId: number): IterableIterator<VersionItem> {
    return this.db.prepare(ITEMS_SQL).iterate(versionId) as IterableIterator<VersionItem>;
  }

  /**
   * A child of `parent` with some items relabeled, made as an import is: an unpublished version
   * whose rows are copied from the parent's by SQL (sharing items) in short transactions, the
   * changes applied, its hash read outside any transaction, then published in one short one. In
   * one transaction a million rows held the write lock for seconds, past other processes' timeouts.
   */
  async deriveVersion(
    parent: DatasetVersionInfo,
    changes: Map<number, { label: string | null; annotation: string | null }>,
    source: string,
  ): Promise<DatasetVersionInfo> {
    const labelColumn = parent.labelColumn ?? 'label';
    let header: VersionHeader = { kind: parent.kind, columns: parent.columns, labelColumn, classes: parent.classes, source, rows: parent.rows, hash: '' };
    const opened = await this.openImport(this.datasetName(parent.datasetId), header);
    if ('existing' in opened) throw new Error('derive: a provisional header matched a version');
    const p = opened;
    try {
      const copy = this.db.prepare(
        `INSERT INTO version_items (version_id, position, item_id, label, annotation)
         SELECT ?, position, item_id, label, annotation FROM version_items WHERE version_id = ? AND position >= ? AND position < ?`,
      );
      // The parent's rows name existing items, so the item_id check holds by construction.
      await writeInChunks(
        this.db,
        parent.rows,
        (from, to) => {
          this.pendingRow(p.versionId);
          copy.run(p.versionId, parent.id, from, to);
        },
        { foreignKeys: false },
      );
      const update = this.db.prepare('UPDATE version_items SET label = ?, annotation = ? WHERE version_id = ? AND position = ?');
      await retryWrite(() =>
        this.db
          .transaction(() => {
            this.pendingRow(p.versionId);
            for (const [position, c] of changes) update.run(c.label, c.annotation, p.versionId, position);
          })
          .immediate(),
      );
      const { columns, classes } = this.labelSummary(p.versionId, parent, labelColumn);
      const hasher = new VersionHasher({ kind: parent.kind, columns, labelColumn });
      const rows = this.db
        .prepare(
          'SELECT i.hash AS key, i.data AS data, i.file_hash AS fileHash, i.name AS name, vi.label AS label, vi.annotation AS annotation FROM version_items vi JOIN items i ON i.id = vi.item_id WHERE vi.version_id = ? ORDER BY vi.position',
        )
        .iterate(p.versionId) as IterableIterator<{
        key: Buffer;
        data: string | null;
        fileHash: string | null;
        name: string | null;
        label: string | null;
        annotation: string | null;
      }>;
      let batch: (StoredItem & { label: string | null; annotation: string | null })[] = [];
      const hashBatch = () => {
        fullItemHashes(batch).forEach((hash, k) => hasher.add(hash, batch[k].label, batch[k].annotation));
        batch = [];
      };
      for (const row of rows) if (batch.push(row) === HASH_BATCH_ROWS) hashBatch();
      hashBatch();
      header = { ...header, columns, classes, hash: hasher.digest() };
    } catch (err) {
      this.abandonImport(p);
      throw err;
    }
    return await this.publishImport(p, header, parent.id);
  }

  /** The label column's profile and the class list after relabeling (a first label column is added to an unlabeled table). */
  private labelSummary(versionId: number, parent: DatasetVersionInfo, labelColumn: string): { columns: ColumnInfo[]; classes: string[] } {
    const labels = this.db
      .prepare(
        `SELECT label FROM version_items WHERE version_id = @id AND label IS NOT NULL
         UNION SELECT j.value FROM version_items vi, json_each(vi.annotation, '$.labels') j WHERE vi.version_id = @id AND vi.annotation IS NOT NULL`,
      )
      .pluck()
      .all({ id: versionId }) as string[];
    const missing = this.db.prepare('SELECT COUNT(*) FROM version_items WHERE version_id = ? AND label IS NULL').pluck().get(versionId) as number;
    const numeric = labels.length > 0 && labels.every((l) => l.trim() !== '' && Number.isFinite(Number(l)));
    const classes = numeric ? labels.sort((a, b) => Number(a) - Number(b)) : labels.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    const distinct = this.db.prepare('SELECT COUNT(DISTINCT label) FROM version_items WHERE version_id = ?').pluck().get(versionId) as number;
    const info: ColumnInfo = { name: labelColumn, type: parent.kind === 'images' ? 'categorical' : numeric ? 'numeric' : 'categorical', missing, distinct };
    const columns =
      parent.kind === 'images'
        ? parent.columns
        : parent.columns.some((c) => c.name === labelColumn)
          ? parent.columns.map((c) => (c.name === labelColumn ? { ...info, type: c.type === 'numeric' && !numeric ? 'categorical' : c.type } : c))
          : [...parent.columns, info];
    return { columns, classes };
  }

  private latestRow(datasetId: number): VersionRow | undefined {
    return this.db.prepare(`SELECT * FROM dataset_versions WHERE dataset_id = ? AND ${PUBLISHED} ORDER BY version DESC LIMIT 1`).get(datasetId) as
      VersionRow | undefined;
  }

  private versionRow(id: number): VersionRow | undefined {
    return this.db.prepare(`SELECT * FROM dataset_versions WHERE id = ? AND ${PUBLISHED}`).get(id) as VersionRow | undefined;
  }
}

/**
 * Row indexes sorted by their keys' leading 31 bits (enough for locality; ties are rare and
 * harmless), as one native sort of doubles: key bits above, index below.
 */
function keyOrder(keys: Buffer, n: number): Uint32Array {
  if (n > MAX_RUN_ROWS) throw new Error(`import: a run holds at most ${MAX_RUN_ROWS} rows`);
  const packed = new Float64Array(n);
  for (let i = 0; i < n; i++) packed[i] = (keys.readUInt32BE(i * ITEM_KEY_BYTES) >>> 1) * MAX_RUN_ROWS + i;
  packed.sort();
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = packed[i] % MAX_RUN_ROWS;
  return order;
}

function versionHash(v: NewVersion): string {
  const h = new VersionHasher(v);
  for (const item of v.items) h.add(item.hash, item.label, item.annotation ?? null);
  return h.digest();
}

/** A version's content hash, fed item by item, so a streamed import hashes as it goes. */
export class VersionHasher {
  private readonly h = crypto.createHash('sha256');
  // Lines go to the hash a few thousand at a time: one update a row costs more than the hashing.
  private lines: string[] = [];

  constructor(v: { kind: DatasetKind; columns: Pick<ColumnInfo, 'name' | 'type'>[]; labelColumn: string | null }) {
    this.h.update(JSON.stringify({ kind: v.kind, columns: v.columns.map((c) => [c.name, c.type]), label: v.labelColumn }));
  }

  add(hash: string, label: string | null, annotation: string | null = null): void {
    if (this.lines.push(itemLine(hash, label, annotation)) === 4096) this.flush();
  }

  digest(): string {
    this.flush();
    return this.h.digest('hex');
  }

  private flush(): void {
    this.h.update(this.lines.join(''));
    this.lines = [];
  }
}

// Versions made before annotations existed hash the same as they did.
function itemLine(hash: string, label: string | null, annotation: string | null): string {
  return annotation === null ? `\n${hash}\t${label ?? ''}` : `\n${hash}\t${label ?? ''}\t${annotation}`;
}

function toVersion(r: VersionRow): DatasetVersionInfo {
  return {
    id: r.id,
    datasetId: r.dataset_id,
    version: r.version,
    hash: r.hash,
    kind: r.kind,
    rows: r.row_count,
    columns: JSON.parse(r.columns) as ColumnInfo[],
    labelColumn: r.label_column,
    classes: JSON.parse(r.classes) as string[],
    source: r.source,
    createdAt: r.created_at,
  };
}
