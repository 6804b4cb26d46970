import sharp from 'sharp';
import { UserError } from '../errors';

/**
 * An image's pixel size, after decoding every pixel: a header can be whole while the data is
 * cut short (a truncated PNG reads its size fine and fails only in training), so the header
 * alone proves nothing. sharp's pixel limit refuses decompression bombs on the way.
 */
export async function decodeImageSize(file: string, name: string): Promise<{ width: number; height: number }> {
  try {
    const image = sharp(file);
    const meta = await image.metadata();
    if (!meta.width || !meta.height) throw new Error('no dimensions');
    await image.stats();
    return { width: meta.width, height: meta.height };
  } catch (err) {
    throw new UserError(`${name}: not a readable image (${(err as Error).message})`);
  }
}
