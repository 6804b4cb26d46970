import type { SplitSummary } from '../../../shared/api/calls/datasets';
import type { DatasetVersionInfo } from '../../../shared/domain';
import { splitIndices } from '../../../shared/ml/split';
import type { Db } from '../store/database';
import { UserError } from '../errors';
import type { DatasetRepo } from './dataset-repo';

/**
 * Stratified, seeded train/validation/test split stored with the version (a version is
 * immutable; its split may be replaced). Test is drawn first, then validation from the rest.
 */
export function makeSplits(db: Db, repo: DatasetRepo, v: DatasetVersionInfo, spec: { validation: number; test: number; seed: number }): SplitSummary {
  if (spec.validation + spec.test >= 1) throw new UserError('validation and test together must leave rows to train on');
  const labels = repo.labels(v.id).map((l) => l ?? '');
  const split: ('train' | 'validation' | 'test')[] = labels.map(() => 'train');
  const first = splitIndices(labels, spec.test, spec.seed);
  for (const i of first.val) split[i] = 'test';
  const rest = first.train;
  const second = splitIndices(
    rest.map((i) => labels[i]),
    spec.validation / (1 - spec.test),
    spec.seed + 1,
  );
  for (const j of second.val) split[rest[j]] = 'validation';
  db.transaction(() => {
    db.prepare('DELETE FROM version_splits WHERE version_id = ?').run(v.id);
    // One statement for all rows: a million single inserts held the write lock for seconds.
    db.prepare('INSERT INTO version_splits (version_id, position, split) SELECT ?, j.key, j.value FROM json_each(?) j').run(v.id, JSON.stringify(split));
    db.prepare('INSERT OR REPLACE INTO version_split_specs (version_id, validation, test, seed, created_at) VALUES (?, ?, ?, ?, ?)').run(
      v.id,
      spec.validation,
      spec.test,
      spec.seed,
      Date.now(),
    );
  })();
  return splitsOf(db, v)!;
}

export function splitsOf(db: Db, v: DatasetVersionInfo): SplitSummary | null {
  const spec = db.prepare('SELECT validation, test, seed FROM version_split_specs WHERE version_id = ?').get(v.id) as
    { validation: number; test: number; seed: number } | undefined;
  if (!spec) return null;
  const rows = db
    .prepare(
      "SELECT s.split AS split, COALESCE(vi.label, '') AS label, COUNT(*) AS n FROM version_splits s JOIN version_items vi ON vi.version_id = s.version_id AND vi.position = s.position WHERE s.version_id = ? GROUP BY s.split, label",
    )
    .all(v.id) as { split: 'train' | 'validation' | 'test'; label: string; n: number }[];
  const counts = { train: 0, validation: 0, test: 0 };
  const byClass: SplitSummary['byClass'] = {};
  for (const r of rows) {
    counts[r.split] += r.n;
    byClass[r.label] ??= { train: 0, validation: 0, test: 0 };
    byClass[r.label][r.split] = r.n;
  }
  return { ...spec, counts, byClass };
}
