import type { QueueFilter } from '../../../../shared/labeling/types';
import type { Route } from '../../lib/route';

type LabelingRoute = Extract<Route, { name: 'labeling' }>;

/** The queues the picker offers, in its order, with what each holds. */
export const QUEUES: { kind: QueueFilter['kind']; title: string }[] = [
  { kind: 'all', title: 'All items' },
  { kind: 'unlabeled', title: 'Unlabeled' },
  { kind: 'label', title: 'By label' },
  { kind: 'labeler', title: 'By labeler' },
  { kind: 'disagreement', title: 'Labelers disagree' },
  { kind: 'errors', title: 'Likely label errors' },
  { kind: 'uncertain', title: 'Most uncertain (model)' },
  { kind: 'unreviewed', title: 'Not reviewed yet' },
  { kind: 'positions', title: 'Picked items' },
];

/** The queue a workspace URL names; an unknown kind reads as all items. */
export function filterFromRoute(route: LabelingRoute): QueueFilter {
  switch (route.queue) {
    case 'label':
      return { kind: 'label', label: route.value ?? '' };
    case 'labeler':
      return { kind: 'labeler', labeler: route.value ?? '' };
    case 'positions':
      return { kind: 'positions', positions: route.positions ?? [] };
    case 'unlabeled':
    case 'disagreement':
    case 'errors':
    case 'uncertain':
    case 'unreviewed':
      return { kind: route.queue };
    default:
      return { kind: 'all' };
  }
}

/** Same dataset and queue: the open session (buffer, cursor, pending labels) carries over, e.g. between views. */
export function sessionKey(datasetId: number, filter: QueueFilter): string {
  return `${datasetId}:${JSON.stringify(filter)}`;
}
