import type { Preloader } from '../../../../shared/labeling-client/session';
import { mediaUrl } from '../../api/media';

/**
 * Loads and decodes the full image of upcoming items, so the stage's <img> for the same URL
 * paints from memory when the labeler gets there. The last `keep` images stay referenced,
 * which keeps them in the browser's decoded-image cache.
 */
export function createImagePreloader(keep = 24): Preloader {
  const kept = new Map<string, HTMLImageElement>();
  return async (entry) => {
    if (!entry.fileHash) return;
    const url = mediaUrl(entry.fileHash);
    const known = kept.get(url);
    if (known) {
      kept.delete(url);
      kept.set(url, known);
      return;
    }
    const img = new Image();
    img.decoding = 'async';
    img.src = url;
    kept.set(url, img);
    if (kept.size > keep) kept.delete(kept.keys().next().value!);
    await img.decode();
  };
}
