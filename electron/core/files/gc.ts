import fs from 'node:fs';
import path from 'node:path';
import { liveJournalHashes } from '../datasets/blob-journal';
import type { GcReport } from '../../../shared/api/calls/app';
import type { Swept } from '../datasets/scratch-sweep';
import type { LeftoversSwept } from '../leftovers';
import { scratchInUse } from '../process-alive';
import type { Db } from '../store/database';
import type { BlobStore } from './blob-store';

const HASH = /^[0-9a-f]{64}$/;
// BlobStore.put's `<hash>.<pid>.tmp` and a thumbnail's `<hash>.webp.<pid>.<random>.tmp`.
const TEMP = /^[0-9a-f]{64}(?:\.webp)?\.(\d+)(?:\.[0-9a-z]+)?\.tmp$/;
const STALE_TEMP_MS = 24 * 3600 * 1000;

export interface GcOptions {
  dryRun: boolean;
  /** Unreferenced files younger than this are kept: an import in another process may be about to record them. */
  minAgeMs: number;
  now?: number;
}

interface GcDeps {
  db: Db;
  blobs: BlobStore;
  thumbsDir: string;
  tmpDir: string;
  sweptAtOpen: LeftoversSwept;
}

/**
 * Removes what nothing refers to: stored files and their rows no dataset item, run artifact or
 * model version points at, thumbnails of files gone, and temp files of dead processes. Safe
 * beside a running import: files it has copied but not yet recorded are named in its journal,
 * and a file reused or written within `minAgeMs` is kept (imports touch a blob they reuse).
 */
export function collectGarbage(d: GcDeps, opts: GcOptions): GcReport {
  const now = opts.now ?? Date.now();
  const cutoff = now - opts.minAgeMs;
  const report: GcReport = {
    dryRun: opts.dryRun,
    minAgeMinutes: opts.minAgeMs / 60_000,
    blobs: { count: 0, bytes: 0 },
    rows: 0,
    thumbnails: { count: 0, bytes: 0 },
    temp: { count: 0, bytes: 0 },
    kept: { count: 0, bytes: 0 },
    atOpen: Object.values(d.sweptAtOpen).reduce((a: Swept, s: Swept) => ({ count: a.count + s.count, bytes: a.bytes + s.bytes }), { count: 0, bytes: 0 }),
    bytesFreed: 0,
  };
  const live = liveJournalHashes(d.tmpDir);
  const referenced = d.blobs.referenced();
  const keep = (hash: string) => referenced.has(hash) || live.has(hash);

  // Rows first, each re-checked in the statement itself, so no row ever points at a removed file.
  const orphanRows = (d.db.prepare('SELECT hash, created_at AS createdAt FROM files').all() as { hash: string; createdAt: number }[]).filter(
    (r) => !keep(r.hash),
  );
  const youngRows = new Set(orphanRows.filter((r) => r.createdAt > cutoff).map((r) => r.hash));
  const oldRows = orphanRows.filter((r) => r.createdAt <= cutoff).map((r) => r.hash);
  if (opts.dryRun) report.rows = oldRows.length;
  else {
    const drop = d.db.prepare(`DELETE FROM files WHERE hash = ? AND ${d.blobs.unreferencedCondition('files.hash')}`);
    d.db
      .transaction(() => {
        for (const hash of oldRows) report.rows += drop.run(hash).changes;
      })
      .immediate();
  }

  const remove = (file: string, size: number, into: Swept) => {
    if (!opts.dryRun) fs.rmSync(file, { force: true });
    into.count++;
    into.bytes += size;
  };
  const gone = new Set<string>();
  for (const { file, name, stat } of walk(d.blobs.root, 2)) {
    const temp = TEMP.exec(name);
    if (temp) {
      if (!scratchInUse(Number(temp[1]), stat.mtimeMs) || now - stat.mtimeMs > STALE_TEMP_MS) remove(file, stat.size, report.temp);
      continue;
    }
    if (!HASH.test(name) || referenced.has(name)) continue;
    if (live.has(name) || youngRows.has(name) || stat.mtimeMs > cutoff) {
      report.kept.count++;
      report.kept.bytes += stat.size;
      continue;
    }
    remove(file, stat.size, report.blobs);
    gone.add(name);
  }
  for (const { file, name, stat } of walk(d.thumbsDir, 3)) {
    const temp = TEMP.exec(name);
    if (temp) {
      if (!scratchInUse(Number(temp[1]), stat.mtimeMs) || now - stat.mtimeMs > STALE_TEMP_MS) remove(file, stat.size, report.temp);
      continue;
    }
    const hash = name.replace(/\.webp$/, '');
    if (HASH.test(hash) && !keep(hash) && (gone.has(hash) || !fs.existsSync(d.blobs.pathOf(hash)))) remove(file, stat.size, report.thumbnails);
  }
  report.bytesFreed = report.atOpen.bytes + report.blobs.bytes + report.thumbnails.bytes + report.temp.bytes;
  return report;
}

/** Files `depth` folders below `root` (files/ab/<hash>; thumbs/128/ab/<hash>.webp). */
function* walk(root: string, depth: number): Generator<{ file: string; name: string; stat: fs.Stats }> {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(root, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const p = path.join(root, e.name);
    if (depth > 1) {
      if (e.isDirectory()) yield* walk(p, depth - 1);
    } else if (e.isFile()) {
      try {
        yield { file: p, name: e.name, stat: fs.statSync(p) };
      } catch {
        // Removed meanwhile.
      }
    }
  }
}
