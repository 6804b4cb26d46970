import fs from 'node:fs';
import path from 'node:path';
import { loadSharp } from './sharp';
import type { BlobStore } from './blob-store';
import { UserError } from '../errors';

/** Thumbnail edge lengths the grid and the queue strip ask for; anything else is refused so the cache stays bounded. */
export const THUMB_SIZES = [64, 128, 256] as const;

const HASH = /^[0-9a-f]{64}$/;

export interface MediaFile {
  file: string;
  contentType: string;
}

/**
 * Dataset images as the renderer loads them: the stored file, or a WebP thumbnail made once by
 * sharp and cached on disk beside the store, so scrolling 10,000 thumbnails decodes none twice.
 */
export class MediaService {
  private readonly pending = new Map<string, Promise<MediaFile>>();

  private readonly blobs: BlobStore;
  private readonly thumbsDir: string;

  constructor(deps: { blobs: BlobStore; thumbsDir: string }) {
    ({ blobs: this.blobs, thumbsDir: this.thumbsDir } = deps);
  }

  async resolve(hash: string, size: number | null): Promise<MediaFile> {
    if (!HASH.test(hash)) throw new UserError(`Not a file hash: ${hash}`, 'bad_request');
    const original = this.blobs.pathOf(hash);
    if (!fs.existsSync(original)) throw new UserError(`No stored file ${hash}`, 'not_found');
    if (size === null) return { file: original, contentType: await sniffType(original) };
    if (!(THUMB_SIZES as readonly number[]).includes(size)) throw new UserError(`Thumbnail size must be one of ${THUMB_SIZES.join(', ')}`, 'bad_request');
    const target = path.join(this.thumbsDir, String(size), hash.slice(0, 2), `${hash}.webp`);
    if (fs.existsSync(target)) return { file: target, contentType: 'image/webp' };
    // Two grid cells asking for the same thumbnail at once make it once.
    let job = this.pending.get(target);
    if (!job) {
      job = makeThumbnail(original, target, size).finally(() => this.pending.delete(target));
      this.pending.set(target, job);
    }
    return job;
  }
}

async function makeThumbnail(original: string, target: string, size: number): Promise<MediaFile> {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  const sharp = await loadSharp();
  try {
    await sharp(original).rotate().resize(size, size, { fit: 'inside', withoutEnlargement: true }).webp({ quality: 80 }).toFile(tmp);
  } catch (err) {
    // A damaged stored image (kept from before imports decoded every pixel) is one item's problem, not the server's.
    fs.rmSync(tmp, { force: true });
    throw new UserError(`Stored file ${path.basename(original)} is not a readable image (${(err as Error).message})`, 'unsupported');
  }
  fs.renameSync(tmp, target);
  return { file: target, contentType: 'image/webp' };
}

const SIGNATURES: [number[], string][] = [
  [[0x89, 0x50, 0x4e, 0x47], 'image/png'],
  [[0xff, 0xd8, 0xff], 'image/jpeg'],
  [[0x47, 0x49, 0x46, 0x38], 'image/gif'],
  [[0x42, 0x4d], 'image/bmp'],
  [[0x49, 0x49, 0x2a, 0x00], 'image/tiff'],
  [[0x4d, 0x4d, 0x00, 0x2a], 'image/tiff'],
];

async function sniffType(file: string): Promise<string> {
  const fh = await fs.promises.open(file, 'r');
  try {
    const head = Buffer.alloc(12);
    await fh.read(head, 0, 12, 0);
    if (head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
    return SIGNATURES.find(([sig]) => sig.every((b, i) => head[i] === b))?.[1] ?? 'application/octet-stream';
  } finally {
    await fh.close();
  }
}
