import type { AnnotationRecord, AnnotationValue, LabelSchema, ReviewRecord, ReviewVerdict } from '../../../shared/labeling/types';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../store/database';
import { UserError } from '../errors';
import { checkValue, primaryLabel } from './annotation-value';

type ActionKind = AnnotationRecord['kind'];

/**
 * Every label ever given, per labeler, in one append-only history (`annotations`), with the
 * latest per (item, labeler) mirrored in `current_labels` in the same transaction. Nothing is
 * overwritten: an undo is itself a new annotation restoring the value before.
 */
export class LabelStore {
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly db: Db) {}

  /** Bulk labels write thousands of rows: each statement is prepared once. */
  private sql(text: string): Statement {
    let s = this.statements.get(text);
    if (!s) this.statements.set(text, (s = this.db.prepare(text)));
    return s;
  }

  save(
    schema: LabelSchema,
    labeler: string,
    itemIds: number[],
    value: AnnotationValue,
    seconds: number,
    kind: ActionKind,
  ): { actionId: number; annotationIds: number[] } {
    const checked = checkValue(schema, value);
    const ids = [...new Set(itemIds)];
    return this.db
      .transaction(() => {
        this.checkItems(schema.datasetId, ids);
        const actionId = this.action(schema.datasetId, labeler, kind);
        const json = JSON.stringify(checked);
        const each = seconds / ids.length;
        const annotationIds = ids.map((itemId) => this.write(schema.datasetId, itemId, actionId, labeler, json, primaryLabel(checked), each));
        return { actionId, annotationIds };
      })
      .immediate();
  }

  /** Reverts the labeler's latest label action not undone yet; null when there is none. */
  undo(datasetId: number, labeler: string): { actionId: number | null; itemIds: number[] } {
    return this.db
      .transaction(() => {
        const target = this.db
          .prepare(
            `SELECT id FROM label_actions WHERE dataset_id = ? AND labeler = ? AND kind IN ('label', 'bulk', 'suggestion') AND undone_by IS NULL
           ORDER BY id DESC LIMIT 1`,
          )
          .pluck()
          .get(datasetId, labeler) as number | undefined;
        if (target === undefined) return { actionId: null, itemIds: [] };
        const undoId = this.action(datasetId, labeler, 'undo');
        const written = this.db.prepare('SELECT id, item_id AS itemId FROM annotations WHERE action_id = ? ORDER BY id').all(target) as {
          id: number;
          itemId: number;
        }[];
        const before = this.db
          .prepare('SELECT value FROM annotations WHERE dataset_id = ? AND item_id = ? AND labeler = ? AND id < ? ORDER BY id DESC LIMIT 1')
          .pluck();
        for (const a of written) {
          const previous = (before.get(datasetId, a.itemId, labeler, a.id) as string | null | undefined) ?? null;
          const label = previous === null ? null : primaryLabel(JSON.parse(previous) as AnnotationValue);
          this.write(datasetId, a.itemId, undoId, labeler, previous, label, 0);
        }
        this.db.prepare('UPDATE label_actions SET undone_by = ? WHERE id = ?').run(undoId, target);
        return { actionId: target, itemIds: written.map((a) => a.itemId) };
      })
      .immediate();
  }

  /**
   * A reviewer's verdict on an item's current label. Accept and reject judge the latest label
   * anyone gave; fix writes the reviewer's own label, which then wins.
   */
  review(schema: LabelSchema, reviewer: string, itemId: number, verdict: ReviewVerdict, value: AnnotationValue | undefined, note: string): ReviewRecord {
    return this.db
      .transaction(() => {
        this.checkItems(schema.datasetId, [itemId]);
        let annotationId: number | null;
        if (verdict === 'fix') {
          if (!value) throw new UserError('A fix needs the corrected label');
          const checked = checkValue(schema, value);
          const actionId = this.action(schema.datasetId, reviewer, 'review');
          annotationId = this.write(schema.datasetId, itemId, actionId, reviewer, JSON.stringify(checked), primaryLabel(checked), 0);
        } else {
          annotationId = this.db
            .prepare('SELECT MAX(annotation_id) FROM current_labels WHERE dataset_id = ? AND item_id = ?')
            .pluck()
            .get(schema.datasetId, itemId) as number | null;
          if (annotationId === null) throw new UserError('This item has no label to review yet');
        }
        const now = Date.now();
        const r = this.db
          .prepare('INSERT INTO reviews (dataset_id, item_id, reviewer, verdict, annotation_id, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
          .run(schema.datasetId, itemId, reviewer, verdict, annotationId, note, now);
        return { id: Number(r.lastInsertRowid), reviewer, verdict, annotationId, note, createdAt: now };
      })
      .immediate();
  }

  history(datasetId: number, itemId: number): { annotations: AnnotationRecord[]; reviews: ReviewRecord[] } {
    const annotations = (
      this.db
        .prepare(
          `SELECT a.id, a.action_id AS actionId, la.kind, a.labeler, a.value, a.seconds, a.created_at AS createdAt
           FROM annotations a JOIN label_actions la ON la.id = a.action_id
           WHERE a.dataset_id = ? AND a.item_id = ? ORDER BY a.id`,
        )
        .all(datasetId, itemId) as (Omit<AnnotationRecord, 'value'> & { value: string | null })[]
    ).map((r) => ({ ...r, value: r.value === null ? null : (JSON.parse(r.value) as AnnotationValue) }));
    const reviews = this.db
      .prepare(
        'SELECT id, reviewer, verdict, annotation_id AS annotationId, note, created_at AS createdAt FROM reviews WHERE dataset_id = ? AND item_id = ? ORDER BY id',
      )
      .all(datasetId, itemId) as ReviewRecord[];
    return { annotations, reviews };
  }

  private checkItems(datasetId: number, itemIds: number[]): void {
    const found = this.db
      // The unary + keeps SQLite on the rowid lookups instead of scanning the dataset's whole (dataset_id, hash) index.
      .prepare('SELECT COUNT(*) FROM items WHERE +dataset_id = ? AND id IN (SELECT value FROM json_each(?))')
      .pluck()
      .get(datasetId, JSON.stringify(itemIds)) as number;
    if (found !== itemIds.length) throw new UserError(`${itemIds.length - found} of the items are not in this dataset`, 'not_found');
  }

  private action(datasetId: number, labeler: string, kind: ActionKind): number {
    return Number(
      this.sql('INSERT INTO label_actions (dataset_id, labeler, kind, created_at) VALUES (?, ?, ?, ?)').run(datasetId, labeler, kind, Date.now())
        .lastInsertRowid,
    );
  }

  private write(datasetId: number, itemId: number, actionId: number, labeler: string, value: string | null, label: string | null, seconds: number): number {
    const id = Number(
      this.sql('INSERT INTO annotations (dataset_id, item_id, action_id, labeler, value, seconds, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
        datasetId,
        itemId,
        actionId,
        labeler,
        value,
        seconds,
        Date.now(),
      ).lastInsertRowid,
    );
    if (value === null) this.sql('DELETE FROM current_labels WHERE dataset_id = ? AND item_id = ? AND labeler = ?').run(datasetId, itemId, labeler);
    else
      this.sql(
        `INSERT INTO current_labels (dataset_id, item_id, labeler, annotation_id, value, label) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (dataset_id, item_id, labeler) DO UPDATE SET annotation_id = excluded.annotation_id, value = excluded.value, label = excluded.label`,
      ).run(datasetId, itemId, labeler, id, value, label);
    return id;
  }
}
