import { releaseAbandonedBlobs } from './datasets/blob-journal';
import { sweepScratch, type Swept } from './datasets/scratch-sweep';
import type { BlobStore } from './files/blob-store';
import { sweepPendingOutputs } from './files/pending-outputs';
import type { Db } from './store/database';

export interface LeftoversSwept {
  /** Temp files of exports killed before their rename. */
  outputs: Swept;
  /** Blobs an image import put in files/ and died before recording. */
  blobs: Swept;
  /** Staging databases, number spills, half-copied blobs and uploads of dead processes. */
  scratch: Swept;
}

/**
 * What processes that died (killed, crashed) left in the data folder, removed at start-up:
 * cheap, since it reads the scratch folders only. The records are read before the scratch
 * sweep, which would otherwise remove them with the knowledge of what they point at.
 */
export function sweepLeftovers(d: { db: Db; blobs: BlobStore; tmpDir: string; uploadsDir: string }): LeftoversSwept {
  const outputs = sweepPendingOutputs(d.tmpDir);
  const blobs = releaseAbandonedBlobs(d.tmpDir, d.blobs);
  const scratch = sweepScratch([d.tmpDir, d.uploadsDir]);
  return { outputs, blobs, scratch };
}
