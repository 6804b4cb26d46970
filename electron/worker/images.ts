import sharp from 'sharp';
import type { ImageSpec } from '../../shared/ml';

const DECODE_CONCURRENCY = 8;

/** Decodes, resizes and scales images into one row-major [n, height, width, channels] array. */
export async function decodeImages(paths: string[], spec: ImageSpec): Promise<Float32Array> {
  const per = spec.width * spec.height * spec.channels;
  const out = new Float32Array(paths.length * per);
  let next = 0;
  async function lane(): Promise<void> {
    while (next < paths.length) {
      const i = next++;
      let img = sharp(paths[i]).resize(spec.width, spec.height, { fit: 'fill' }).removeAlpha();
      img = spec.channels === 1 ? img.grayscale() : img.toColourspace('srgb');
      const { data, info } = await img.raw().toBuffer({ resolveWithObject: true });
      if (info.channels !== spec.channels || data.length !== per) {
        throw new Error(`${paths[i]}: decoded to ${info.width}x${info.height}x${info.channels}, expected ${spec.width}x${spec.height}x${spec.channels}`);
      }
      const base = i * per;
      for (let j = 0; j < per; j++) out[base + j] = data[j] * spec.scale;
    }
  }
  await Promise.all(Array.from({ length: Math.min(DECODE_CONCURRENCY, paths.length) }, lane));
  return out;
}
