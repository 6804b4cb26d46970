import type Sharp from 'sharp';

/**
 * sharp (libvips, ~80 ms to load) on first use: most commands touch no image, and `cairn runs
 * list` should not pay for it.
 */
export async function loadSharp(): Promise<typeof Sharp> {
  return (await import('sharp')).default;
}
