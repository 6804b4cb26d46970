import { describe, expect, it } from 'vitest';
import { parseRoute, routeHref, type Route } from '../../renderer/src/lib/route';

describe('dataset and labeling routes', () => {
  it('round-trip the dataset page and every labeling queue and view', () => {
    const routes: Route[] = [
      { name: 'dataset', datasetId: 3 },
      { name: 'labeling', datasetId: 3, queue: 'all', value: null, positions: null, view: 'item' },
      { name: 'labeling', datasetId: 3, queue: 'unlabeled', value: null, positions: null, view: 'grid' },
      { name: 'labeling', datasetId: 3, queue: 'label', value: 'cat & dog', positions: null, view: 'review' },
      { name: 'labeling', datasetId: 3, queue: 'positions', value: null, positions: [4, 0, 17], view: 'item' },
    ];
    for (const r of routes) expect(parseRoute(routeHref(r))).toEqual(r);
  });

  it('reads a findings link with positions only, and refuses malformed ids', () => {
    expect(parseRoute('#/datasets/2/label?positions=1,x,3')).toMatchObject({ name: 'labeling', queue: 'positions', positions: [1, 3] });
    expect(routeHref({ name: 'labeling', datasetId: 2, queue: 'positions', value: null, positions: [1, 3], view: 'item' })).toBe(
      '#/datasets/2/label?positions=1,3',
    );
    expect(parseRoute('#/datasets/abc').name).toBe('not-found');
    expect(parseRoute('#/datasets/2/other').name).toBe('not-found');
    expect(parseRoute('#/datasets')).toEqual({ name: 'datasets' });
  });
});
