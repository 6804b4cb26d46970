import type { LabelingSession } from '../../../../shared/labeling-client/session';
import { routeHref, type Route } from '../../lib/route';
import { useWorkspaceKeys } from './useWorkspaceKeys';

/** Past the last item: the way back, and other queues to go on with. */
export function QueueEnd({ session, route }: { session: LabelingSession; route: Extract<Route, { name: 'labeling' }> }) {
  useWorkspaceKeys('item', [], (cmd) => {
    if (cmd.kind === 'back') session.back();
    if (cmd.kind === 'undo') session.undo();
  });
  return (
    <div className="card label-end" data-testid="queue-end">
      <h3>End of this queue</h3>
      <p className="muted">
        {session.length ?? 0} item{session.length === 1 ? '' : 's'} in it. <kbd>b</kbd> goes back, <kbd>Ctrl+Z</kbd> undoes the last label.
      </p>
      <div className="actions">
        <button type="button" className="btn" onClick={() => session.back()}>
          Back to the last item
        </button>
        {route.queue !== 'unlabeled' && (
          <a className="btn" href={routeHref({ ...route, queue: 'unlabeled', value: null, positions: null })}>
            Unlabeled items
          </a>
        )}
        <a className="btn" href={routeHref({ ...route, queue: 'unreviewed', value: null, positions: null, view: 'review' })}>
          Review labels
        </a>
      </div>
    </div>
  );
}
