import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { reuse, type BlobStore } from '../files/blob-store';
import type { BlobJournal } from './blob-journal';
import { scratchName } from './scratch-sweep';

/**
 * Copies a file into the blob store's folder while hashing it: read once, never whole. The
 * database row (`files`) is the caller's to write, in the transaction that first refers to it;
 * until then the journal names the blob, so a killed import's blobs can be found and removed.
 */
export async function copyIntoBlobs(file: string, blobs: BlobStore, tmpDir: string, journal: BlobJournal): Promise<{ hash: string; size: number }> {
  fs.mkdirSync(tmpDir, { recursive: true });
  const tmp = path.join(tmpDir, scratchName('blob'));
  const hash = crypto.createHash('sha256');
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  try {
    await pipeline(fs.createReadStream(file), tap, fs.createWriteStream(tmp));
    const digest = hash.digest('hex');
    journal.add(digest);
    const target = blobs.pathOf(digest);
    if (reuse(target)) fs.rmSync(tmp);
    else {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.renameSync(tmp, target);
    }
    return { hash: digest, size };
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}
