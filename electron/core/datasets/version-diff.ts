import type { VersionDiffResult as VersionDiff } from '../../../shared/api/calls/datasets';
import type { DatasetVersionInfo } from '../../../shared/domain';
import type { Db } from '../store/database';

/**
 * What changed between two versions, by item content: rows whose content is new, gone, or kept
 * with another label. Repeated identical rows are matched one to one. `runsOf` names the runs
 * trained on a version (the runs feature knows).
 */
export function diffVersions(db: Db, a: DatasetVersionInfo, b: DatasetVersionInfo, runsOf: (versionId: number) => string[]): VersionDiff {
  const rows = (versionId: number) =>
    db.prepare('SELECT position, item_id, label FROM version_items WHERE version_id = ? ORDER BY position').all(versionId) as {
      position: number;
      item_id: number;
      label: string | null;
    }[];
  const pool = new Map<number, (string | null)[]>();
  for (const r of rows(a.id)) pool.set(r.item_id, [...(pool.get(r.item_id) ?? []), r.label]);
  let added = 0;
  let relabeled = 0;
  let unchanged = 0;
  const samples: VersionDiff['samples'] = { added: [], relabeled: [] };
  const pending: { position: number; itemId: number; label: string | null }[] = [];
  for (const r of rows(b.id)) {
    const labels = pool.get(r.item_id);
    const same = labels?.indexOf(r.label) ?? -1;
    if (labels && same >= 0) {
      labels.splice(same, 1);
      unchanged++;
    } else pending.push({ position: r.position, itemId: r.item_id, label: r.label });
  }
  // Second pass: an item kept under another label is a relabel, not an add.
  for (const p of pending) {
    const labels = pool.get(p.itemId);
    if (labels && labels.length) {
      const from = labels.shift()!;
      relabeled++;
      if (samples.relabeled.length < 100) samples.relabeled.push({ position: p.position, from, to: p.label });
    } else {
      added++;
      if (samples.added.length < 100) samples.added.push(p.position);
    }
  }
  const removed = [...pool.values()].reduce((n, l) => n + l.length, 0);
  return { from: a.version, to: b.version, added, removed, relabeled, unchanged, samples, runs: { from: runsOf(a.id), to: runsOf(b.id) } };
}
