import { loadSharp } from '../files/sharp';

const SIZE = 32;
const LOW = 8;

// cos((2x + 1) u pi / 2N) for the separable DCT-II, computed once.
const COS = Float64Array.from({ length: SIZE * SIZE }, (_, k) => Math.cos(((2 * (k % SIZE) + 1) * Math.floor(k / SIZE) * Math.PI) / (2 * SIZE)));

/**
 * pHash: the 8x8 lowest frequencies of a 32x32 grayscale DCT, each bit above or below their
 * median. Low frequencies survive resizing and re-encoding, where pixel-gradient hashes flip.
 */
export async function perceptualHash(file: string): Promise<[number, number]> {
  const sharp = await loadSharp();
  const px = await sharp(file).grayscale().resize(SIZE, SIZE, { fit: 'fill', kernel: 'cubic' }).raw().toBuffer();
  const rows = new Float64Array(SIZE * LOW);
  for (let y = 0; y < SIZE; y++) {
    for (let u = 0; u < LOW; u++) {
      let acc = 0;
      for (let x = 0; x < SIZE; x++) acc += px[y * SIZE + x] * COS[u * SIZE + x];
      rows[y * LOW + u] = acc;
    }
  }
  const coeffs: number[] = [];
  for (let v = 0; v < LOW; v++) {
    for (let u = 0; u < LOW; u++) {
      let acc = 0;
      for (let y = 0; y < SIZE; y++) acc += rows[y * LOW + u] * COS[v * SIZE + y];
      coeffs.push(acc);
    }
  }
  // The DC term only says how bright the image is; leave it out of the median.
  const median = [...coeffs.slice(1)].sort((a, b) => a - b)[Math.floor((coeffs.length - 1) / 2)];
  let hi = 0;
  let lo = 0;
  coeffs.forEach((c, i) => {
    const bit = c > median ? 1 : 0;
    if (i < 32) hi = (hi << 1) | bit;
    else lo = (lo << 1) | bit;
  });
  return [hi >>> 0, lo >>> 0];
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

export function hamming(a: [number, number], b: [number, number]): number {
  return popcount((a[0] ^ b[0]) >>> 0) + popcount((a[1] ^ b[1]) >>> 0);
}

/** Pairs of images at most `maxDistance` bits apart (and not byte-identical: those are exact duplicates). */
export function nearDuplicatePairs(hashes: [number, number][], fileHashes: string[], maxDistance: number): { a: number; b: number; distance: number }[] {
  const out: { a: number; b: number; distance: number }[] = [];
  for (let i = 0; i < hashes.length; i++) {
    for (let j = i + 1; j < hashes.length; j++) {
      if (fileHashes[i] === fileHashes[j]) continue;
      const d = hamming(hashes[i], hashes[j]);
      if (d <= maxDistance) out.push({ a: i, b: j, distance: d });
    }
  }
  return out.sort((x, y) => x.distance - y.distance || x.a - y.a);
}
