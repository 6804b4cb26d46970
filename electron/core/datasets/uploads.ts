import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { UserError } from '../errors';
import { scratchName } from './scratch-sweep';

export function uploadsDir(dataDir: string): string {
  return path.join(dataDir, 'uploads');
}

/** Whether `file` is an upload, which its import consumes. */
export function isUpload(dataDir: string, file: string): boolean {
  const rel = path.relative(uploadsDir(dataDir), path.resolve(file));
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) && !rel.includes(path.sep);
}

/**
 * Streams an uploaded body into uploads/ under a random prefix and a sanitized name (its
 * extension still tells the import the format). Over `limit` bytes: refused, nothing kept.
 */
export async function saveUpload(dataDir: string, name: string, body: Readable, limit: number): Promise<string> {
  const safe =
    path
      .basename(name)
      .replace(/[^A-Za-z0-9._-]+/g, '_')
      .replace(/^\.+/, '')
      .slice(-100) || 'upload';
  fs.mkdirSync(uploadsDir(dataDir), { recursive: true });
  const file = path.join(uploadsDir(dataDir), scratchName('upload', `-${safe}`));
  let size = 0;
  const cap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      done(size > limit ? uploadTooLarge(limit) : null, chunk);
    },
  });
  try {
    await pipeline(body, cap, fs.createWriteStream(file, { flags: 'wx' }));
    return file;
  } catch (err) {
    fs.rmSync(file, { force: true });
    throw err;
  }
}

export function uploadTooLarge(limit: number): UserError {
  return new UserError(`The upload is larger than ${Math.round(limit / 1024 ** 2)} MiB; import the file by its path instead`);
}
