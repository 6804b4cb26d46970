import type { DatasetVersionInfo } from '../../../shared/domain';
import { entropy, margin, rowArgmax, type ProbMatrix } from '../../../shared/label-stats';
import type { TabularCell } from '../../../shared/ml';
import type { Services } from '../services';
import { UserError } from '../errors';
import { writeInChunks } from '../store/chunked-write';
import { retryWrite } from '../store/retry-write';
import { LineFile } from '../files/line-file';
import { modelRow } from '../predict/table-rows';
import type { ModelSource } from '../registry/model-source';
import { requireFit, type AssistDeps } from './assist-fit';

/**
 * Predicts every item of the dataset's latest version with a finished run and stores the class
 * probabilities as that run's suggestions (replacing its earlier ones): the labeling workspace
 * shows them, and the 'uncertain' queue orders unlabeled items by their margin.
 */
export async function suggestLabels(
  deps: AssistDeps & Pick<Services, 'registry' | 'predictions' | 'blobs'>,
  datasetId: number,
  runRef: string,
): Promise<{ runId: string; suggested: number }> {
  const { db, datasets } = deps;
  const version = datasets.resolve({ id: datasetId });
  const name = `${datasets.repo.datasetName(datasetId)}@${version.version}`;
  const { run } = requireFit(deps, datasetId, runRef);
  const source = deps.registry.resolve(run.id);

  // Items go to the worker as they are read, in id order, as the suggestions' primary key is:
  // written in the version's order, each row went to a random page of a table this size, and
  // every commit wrote all those pages again.
  const itemIds: number[] = [];
  const toInput = modelInput(source, version, name, (hash) => deps.blobs.pathOf(hash));
  const { probs: flat } = await deps.predictions.runWith(source, run.config.engine, source.preprocessing!.kind === 'image' ? 'images' : 'tabular', (file) => {
    const out = new LineFile(file);
    try {
      for (const item of datasets.repo.distinctItems(version.id)) {
        itemIds.push(item.itemId);
        out.add(JSON.stringify(toInput(item)));
      }
    } finally {
      out.close();
    }
    if (itemIds.length === 0) throw new UserError(`${name} has no items to suggest labels for`);
  });
  const k = source.classes.length;
  const p: ProbMatrix = { data: flat, n: itemIds.length, k };
  const h = entropy(p);
  const m = margin(p);

  const now = Date.now();
  const insert = db.prepare(
    `INSERT OR REPLACE INTO label_suggestions (dataset_id, item_id, run_id, label, confidence, entropy, margin, probs, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // A run's suggestion for an item is the same each time it is asked, so rows replaced one chunk at
  // a time are right alone; the workspace moves to this run's set once it is whole (the set's row).
  await writeInChunks(db, itemIds.length, (from, to) => {
    for (let i = from; i < to; i++) {
      const probs = Array.from(flat.subarray(i * k, (i + 1) * k));
      const best = rowArgmax(p, i);
      insert.run(datasetId, itemIds[i], run.id, source.classes[best], probs[best], h[i], m[i], JSON.stringify(probs), now);
    }
  });
  // Items of earlier versions that this one no longer holds: found in one pass, deleted by key in chunks.
  const stale = db
    .prepare('SELECT item_id FROM label_suggestions WHERE dataset_id = ? AND run_id = ? AND created_at < ?')
    .pluck()
    .all(datasetId, run.id, now) as number[];
  const drop = db.prepare('DELETE FROM label_suggestions WHERE dataset_id = ? AND run_id = ? AND item_id IN (SELECT value FROM json_each(?))');
  await writeInChunks(db, stale.length, (from, to) => drop.run(datasetId, run.id, JSON.stringify(stale.slice(from, to))));
  await retryWrite(() =>
    db
      .prepare('INSERT OR REPLACE INTO label_suggestion_sets (dataset_id, run_id, items, created_at) VALUES (?, ?, ?, ?)')
      .run(datasetId, run.id, itemIds.length, now),
  );
  return { runId: run.id, suggested: itemIds.length };
}

/** An item as the run's model reads it (requireFit saw that they fit): table cells in its training column order, or an image file. */
function modelInput(
  source: ModelSource,
  version: DatasetVersionInfo,
  shown: string,
  pathOf: (hash: string) => string,
): (item: { data: string | null; fileHash: string | null }) => unknown {
  const spec = source.preprocessing!;
  if (spec.kind === 'image') return (item) => pathOf(item.fileHash!);
  const toModel = modelRow(
    shown,
    version.columns.filter((c) => c.name !== version.labelColumn).map((c) => c.name),
    spec,
  );
  return (item) => toModel(JSON.parse(item.data ?? '[]') as TabularCell[]);
}
