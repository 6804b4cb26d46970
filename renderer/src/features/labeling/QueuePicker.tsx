import type { Route } from '../../lib/route';
import { routeHref } from '../../lib/route';
import { navigate } from '../../lib/useRoute';
import { useLabeling } from './labelingStore';
import { QUEUES } from './queueFilter';

type LabelingRoute = Extract<Route, { name: 'labeling' }>;

/** Which items to go through; the choice lives in the URL so it can be linked and survives a reload. */
export function QueuePicker({ route }: { route: LabelingRoute }) {
  const schema = useLabeling((s) => s.schema);
  const status = useLabeling((s) => s.status);
  const classes = schema?.classes ?? [];
  const labelers = status?.labelers ?? [];
  const go = (queue: string, value: string | null) =>
    navigate(routeHref({ ...route, queue, value, positions: queue === 'positions' ? route.positions : null }));
  const kinds = QUEUES.filter((q) => q.kind !== 'positions' || route.positions);

  return (
    <div className="label-queue-picker">
      <label className="muted" htmlFor="label-queue">
        Queue
      </label>
      <select
        id="label-queue"
        data-testid="queue-picker"
        value={route.queue}
        onChange={(e) => {
          const kind = e.target.value;
          const first = kind === 'label' ? classes[0]?.name : kind === 'labeler' ? labelers[0]?.labeler : undefined;
          go(kind, first ?? null);
        }}
      >
        {kinds.map((q) => (
          <option key={q.kind} value={q.kind}>
            {q.kind === 'positions' ? `${q.title} (${route.positions?.length ?? 0})` : q.title}
          </option>
        ))}
      </select>
      {route.queue === 'label' && (
        <select data-testid="queue-value" aria-label="Label" value={route.value ?? ''} onChange={(e) => go('label', e.target.value)}>
          {classes.map((c) => (
            <option key={c.name}>{c.name}</option>
          ))}
        </select>
      )}
      {route.queue === 'labeler' && (
        <select data-testid="queue-value" aria-label="Labeler" value={route.value ?? ''} onChange={(e) => go('labeler', e.target.value)}>
          {labelers.length === 0 && <option value="">no labelers yet</option>}
          {labelers.map((l) => (
            <option key={l.labeler}>{l.labeler}</option>
          ))}
        </select>
      )}
    </div>
  );
}
