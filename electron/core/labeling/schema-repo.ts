import type { LabelClass, LabelSchema, LabelTask } from '../../../shared/labeling/types';
import { assignHotkeys, hotkeyProblem } from '../../../shared/labeling/hotkeys';
import type { Db } from '../store/database';
import { UserError } from '../errors';

/** The label set of a dataset; until one is saved, the latest version's classes as single-label. */
export function readSchema(db: Db, datasetId: number): LabelSchema {
  const row = db.prepare('SELECT task, classes FROM label_schemas WHERE dataset_id = ?').get(datasetId) as { task: LabelTask; classes: string } | undefined;
  if (row) return { datasetId, task: row.task, classes: JSON.parse(row.classes) as LabelClass[] };
  const classes = db.prepare('SELECT classes FROM dataset_versions WHERE dataset_id = ? ORDER BY version DESC LIMIT 1').pluck().get(datasetId) as
    string | undefined;
  if (classes === undefined) throw new UserError(`No dataset with id ${datasetId}`, 'not_found');
  return { datasetId, task: 'single', classes: assignHotkeys((JSON.parse(classes) as string[]).map((name) => ({ name }))) };
}

export function saveSchema(db: Db, datasetId: number, task: LabelTask, classes: { name: string; hotkey?: string; color?: string }[]): LabelSchema {
  const names = classes.map((c) => c.name.trim());
  const dupe = names.find((n, i) => names.indexOf(n) !== i);
  if (dupe !== undefined) throw new UserError(`The class "${dupe}" appears twice in the label set`);
  const keys = hotkeyProblem(classes);
  if (keys) throw new UserError(keys);
  const resolved = assignHotkeys(classes.map((c, i) => ({ ...c, name: names[i] })));
  db.prepare(
    `INSERT INTO label_schemas (dataset_id, task, classes, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (dataset_id) DO UPDATE SET task = excluded.task, classes = excluded.classes, updated_at = excluded.updated_at`,
  ).run(datasetId, task, JSON.stringify(resolved), Date.now());
  return { datasetId, task, classes: resolved };
}
