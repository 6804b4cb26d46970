import fs from 'node:fs';
import path from 'node:path';
import type { BlobStore } from '../files/blob-store';
import { isOtherProcessAlive, scratchInUse } from '../process-alive';
import { scratchName, scratchOwner, type Swept } from './scratch-sweep';

const PREFIX = 'blobs';

/**
 * The blobs an image import puts in files/ before the one transaction that records them: a
 * killed import would leave them there, referenced by nothing and named by nothing. Each hash
 * is appended here before its file is renamed into place; the journal goes when the import
 * commits, and a failed import, or the start-up after a killed one, removes the blobs it lists
 * that no `files` row records.
 */
export class BlobJournal {
  private readonly file: string;
  private readonly hashes = new Set<string>();

  constructor(private readonly tmpDir: string) {
    fs.mkdirSync(tmpDir, { recursive: true });
    this.file = path.join(tmpDir, scratchName(PREFIX, '.txt'));
    fs.writeFileSync(this.file, '');
  }

  add(hash: string): void {
    if (this.hashes.has(hash)) return;
    fs.appendFileSync(this.file, `${hash}\n`);
    this.hashes.add(hash);
  }

  /** The import's rows are committed: its blobs are referenced now. */
  commit(): void {
    fs.rmSync(this.file, { force: true });
  }

  /** The import failed: its blobs that nothing recorded go. */
  abandon(blobs: BlobStore): Swept {
    const live = liveJournalHashes(this.tmpDir, isOtherProcessAlive, this.file);
    const swept = releaseUnrecorded(blobs, this.hashes, live);
    fs.rmSync(this.file, { force: true });
    return swept;
  }
}

/** At start-up: the blobs of imports whose process died before committing, and their journals. */
export function releaseAbandonedBlobs(tmpDir: string, blobs: BlobStore, alive = isOtherProcessAlive): Swept {
  const swept: Swept = { count: 0, bytes: 0 };
  const journals = listJournals(tmpDir);
  const live = liveJournalHashes(tmpDir, alive);
  for (const { file, owner, mtimeMs } of journals) {
    if (scratchInUse(owner, mtimeMs, alive)) continue;
    const released = releaseUnrecorded(blobs, readJournal(file), live);
    swept.count += released.count;
    swept.bytes += released.bytes;
    fs.rmSync(file, { force: true });
  }
  return swept;
}

/** Hashes that imports still running (in this process or others) are about to record: never swept. */
export function liveJournalHashes(tmpDir: string, alive = isOtherProcessAlive, except?: string): Set<string> {
  const hashes = new Set<string>();
  for (const { file, owner, mtimeMs } of listJournals(tmpDir)) {
    if (file === except || !scratchInUse(owner, mtimeMs, alive)) continue;
    for (const h of readJournal(file)) hashes.add(h);
  }
  return hashes;
}

function listJournals(tmpDir: string): { file: string; owner: number; mtimeMs: number }[] {
  let names: string[];
  try {
    names = fs.readdirSync(tmpDir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const owner = name.startsWith(`${PREFIX}-`) ? scratchOwner(name) : null;
    if (owner === null) return [];
    const file = path.join(tmpDir, name);
    try {
      return [{ file, owner, mtimeMs: fs.statSync(file).mtimeMs }];
    } catch {
      return [];
    }
  });
}

function readJournal(file: string): Set<string> {
  try {
    return new Set(
      fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .filter((h) => /^[0-9a-f]{64}$/.test(h)),
    );
  } catch {
    return new Set();
  }
}

function releaseUnrecorded(blobs: BlobStore, hashes: Iterable<string>, keep: Set<string>): Swept {
  const swept: Swept = { count: 0, bytes: 0 };
  for (const hash of hashes) {
    if (keep.has(hash) || blobs.isRecorded(hash)) continue;
    const file = blobs.pathOf(hash);
    try {
      swept.bytes += fs.statSync(file).size;
      fs.rmSync(file);
      swept.count++;
    } catch {
      // Never renamed into place, or removed already.
    }
  }
  return swept;
}
