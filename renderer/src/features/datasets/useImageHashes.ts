import { useEffect, useState } from 'react';
import { api } from '../../api';

/**
 * The stored image behind each position, for thumbnails: quality findings carry positions only,
 * and the labeling queue maps the latest version's positions to items. Empty until it answers,
 * and when it fails, so callers fall back to showing positions.
 */
export function useImageHashes(datasetId: number, positions: readonly number[], enabled: boolean): Map<number, string> {
  const [hashes, setHashes] = useState<Map<number, string>>(new Map());
  const key = enabled ? positions.join(',') : '';
  useEffect(() => {
    if (!key) return;
    let current = true;
    const picked = key.split(',').map(Number);
    api
      .call('labels.queue', { datasetId, filter: { kind: 'positions', positions: picked }, offset: 0, limit: Math.min(picked.length, 1000) })
      .then((page) => {
        if (current) setHashes(new Map(page.entries.flatMap((e) => (e.fileHash ? [[e.position, e.fileHash] as const] : []))));
      })
      .catch((err: unknown) => console.warn('thumbnails unavailable', err));
    return () => {
      current = false;
    };
  }, [datasetId, key]);
  return hashes;
}
