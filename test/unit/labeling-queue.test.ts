import { describe, expect, it } from 'vitest';
import { othersOf, stillQueued } from '../../shared/labeling-client/queue-membership';
import type { QueueEntry } from '../../shared/labeling/types';
import { filterFromRoute, sessionKey } from '../../renderer/src/features/labeling/queueFilter';
import { parseRoute, routeHref } from '../../renderer/src/lib/route';

const one = (l: string) => ({ labels: [l] });

describe('queue membership', () => {
  it('finds the labels given by others: my own appears once in `labels` and is left out', () => {
    const entry = {
      mine: one('cat'),
      labels: [
        { labeler: 'ben', value: one('cat') },
        { labeler: 'me', value: one('cat') },
      ],
    } as QueueEntry;
    expect(othersOf(entry)).toEqual([{ labeler: 'me', value: one('cat') }]);
    expect(othersOf({ ...entry, mine: null, labels: [] })).toEqual([]);
  });

  it('knows which queues an item leaves as it is labeled or reviewed', () => {
    expect(stillQueued({ kind: 'unlabeled' }, [], null, null, false)).toBe(true);
    expect(stillQueued({ kind: 'unlabeled' }, [], one('a'), null, false)).toBe(false);
    expect(stillQueued({ kind: 'unlabeled' }, [], null, one('a'), false)).toBe(false);
    expect(stillQueued({ kind: 'label', label: 'a' }, [], null, one('a'), false)).toBe(true);
    expect(stillQueued({ kind: 'label', label: 'a' }, [], one('b'), one('a'), false)).toBe(false);
    expect(stillQueued({ kind: 'label', label: 'a' }, [{ labeler: 'ben', value: one('a') }], one('b'), null, false)).toBe(true);
    expect(stillQueued({ kind: 'unreviewed' }, [], one('a'), null, false)).toBe(true);
    expect(stillQueued({ kind: 'unreviewed' }, [], one('a'), null, true)).toBe(false);
    expect(stillQueued({ kind: 'all' }, [], one('a'), null, true)).toBe(true);
  });
});

describe('workspace URLs', () => {
  it('reads the queue from the route and writes it back', () => {
    const hashes = [
      '#/datasets/3/label?queue=unlabeled&view=grid',
      '#/datasets/3/label?queue=label&value=cat',
      '#/datasets/3/label?positions=4,9&view=review',
      '#/datasets/3/label',
    ];
    const routes = hashes.map((h) => parseRoute(h) as Extract<ReturnType<typeof parseRoute>, { name: 'labeling' }>);
    expect(routes.map(filterFromRoute)).toEqual([
      { kind: 'unlabeled' },
      { kind: 'label', label: 'cat' },
      { kind: 'positions', positions: [4, 9] },
      { kind: 'all' },
    ]);
    expect(routes.map(routeHref)).toEqual(hashes);
    expect(filterFromRoute({ ...routes[0], queue: 'nonsense' })).toEqual({ kind: 'all' });
  });

  it('keeps one session per dataset and queue, whatever the view', () => {
    const grid = parseRoute('#/datasets/3/label?queue=unlabeled&view=grid') as Extract<ReturnType<typeof parseRoute>, { name: 'labeling' }>;
    const item = parseRoute('#/datasets/3/label?queue=unlabeled') as typeof grid;
    expect(sessionKey(3, filterFromRoute(grid))).toBe(sessionKey(3, filterFromRoute(item)));
    expect(sessionKey(3, filterFromRoute(grid))).not.toBe(sessionKey(4, filterFromRoute(grid)));
  });
});
