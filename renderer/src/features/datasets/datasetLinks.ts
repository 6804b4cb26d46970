import { routeHref } from '../../lib/route';

// Links from the dataset page into the labeling workspace (another feature's route).

/** The labeling queue holding exactly these row positions (a quality finding's rows); null when there are none to open. */
export function positionsQueueHref(datasetId: number, positions: readonly number[] | null | undefined): string | null {
  const picked = [...new Set((positions ?? []).filter((p) => Number.isInteger(p) && p >= 0))];
  if (picked.length === 0) return null;
  return routeHref({ name: 'labeling', datasetId, queue: 'positions', value: null, positions: picked, view: 'item' });
}

/** A named queue (all, disagreement, errors, …; `value` for those that take one, like a labeler) in the item or grid view. */
export function queueHref(datasetId: number, queue: string, options: { view?: 'item' | 'grid' | 'review'; value?: string } = {}): string {
  return routeHref({ name: 'labeling', datasetId, queue, value: options.value ?? null, positions: null, view: options.view ?? 'item' });
}
