import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import type { BlobStore } from '../files/blob-store';

/**
 * Copies a file into the blob store's folder while hashing it: read once, never whole. The
 * database row (`files`) is the caller's to write, in the transaction that first refers to it.
 */
export async function copyIntoBlobs(file: string, blobs: BlobStore, tmpDir: string): Promise<{ hash: string; size: number }> {
  fs.mkdirSync(tmpDir, { recursive: true });
  const tmp = path.join(tmpDir, `blob-${crypto.randomBytes(8).toString('hex')}`);
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
    const target = blobs.pathOf(digest);
    if (fs.existsSync(target)) fs.rmSync(tmp);
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
