import sharp from 'sharp';
import type { ImageSpec } from '../../shared/ml';

const DECODE_CONCURRENCY = 8;

/**
 * Decodes, resizes and scales images into one row-major [n, height, width, channels] array.
 * `names`: what to call each image in an error (its name in the dataset; default its path).
 */
export async function decodeImages(paths: string[], spec: ImageSpec, names: (string | null | undefined)[] = []): Promise<Float32Array> {
  const per = spec.width * spec.height * spec.channels;
  const out = new Float32Array(paths.length * per);
  let next = 0;
  async function lane(): Promise<void> {
    while (next < paths.length) {
      const i = next++;
      let img = sharp(paths[i]).resize(spec.width, spec.height, { fit: 'fill' }).removeAlpha();
      img = spec.channels === 1 ? img.grayscale() : img.toColourspace('srgb');
      const shown = names[i] ?? paths[i];
      const { data, info } = await img
        .raw()
        .toBuffer({ resolveWithObject: true })
        .catch((err: Error) => {
          throw new Error(`${shown}: not a readable image (${err.message})`);
        });
      if (info.channels !== spec.channels || data.length !== per) {
        throw new Error(`${shown}: decoded to ${info.width}x${info.height}x${info.channels}, expected ${spec.width}x${spec.height}x${spec.channels}`);
      }
      const base = i * per;
      for (let j = 0; j < per; j++) out[base + j] = data[j] * spec.scale;
    }
  }
  await Promise.all(Array.from({ length: Math.min(DECODE_CONCURRENCY, paths.length) }, lane));
  return out;
}
