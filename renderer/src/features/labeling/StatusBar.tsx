import { useEffect } from 'react';
import type { LabelingSession } from '../../../../shared/labeling-client/session';
import { useLabeling } from './labelingStore';
import { RetrainAction } from './RetrainAction';
import { useSession } from './useSession';

/** Progress of the dataset, the state of labels on their way, and "Save version". */
export function StatusBar({ session }: { session: LabelingSession }) {
  useSession(session);
  const { status, committing, committed, commitError, commit, loadStatus } = useLabeling();
  const pending = session.ops.length;
  const failed = session.failed;

  // Counts follow the labels once the core has them all.
  useEffect(() => {
    if (pending > 0) return;
    const t = setTimeout(() => void loadStatus(), 250);
    return () => clearTimeout(t);
  }, [pending, loadStatus]);

  return (
    <footer className="label-status" data-testid="label-status">
      {status && (
        <span data-testid="labeled-count">
          {status.labeled.toLocaleString('en')} of {status.items.toLocaleString('en')} labeled · v{status.version}
        </span>
      )}
      {status && (
        <span className="muted" data-testid="uncommitted">
          {status.uncommitted.toLocaleString('en')} change{status.uncommitted === 1 ? '' : 's'} not in a version
        </span>
      )}
      <span className="label-sync" data-testid="save-state" data-pending={pending}>
        {failed ? null : pending > 0 ? (
          <span className="label-save-state pending">saving {pending}…</span>
        ) : (
          <span className="label-save-state ok">all saved</span>
        )}
      </span>
      {failed && (
        <span className="label-save-failed" role="alert" data-testid="save-failed">
          {failed.kind === 'undo' ? 'Undo' : failed.kind === 'review' ? 'Review' : 'Label'} of {failed.itemIds.length} item
          {failed.itemIds.length === 1 ? '' : 's'} not saved: {failed.error}
          <button type="button" className="btn btn-small" data-testid="save-retry" onClick={() => session.retry()}>
            Retry
          </button>
          <button type="button" className="btn btn-small btn-ghost" data-testid="save-discard" onClick={() => session.discard()}>
            Discard
          </button>
        </span>
      )}
      <span className="label-status-right">
        {commitError && <span className="label-save-state failed">{commitError}</span>}
        {committed && !committing && (
          <span data-testid="commit-result">
            Saved as version <strong>v{committed.version}</strong>
          </span>
        )}
        <button
          type="button"
          className="btn btn-primary btn-small"
          data-testid="commit"
          disabled={committing || !status || status.uncommitted === 0}
          onClick={() => void commit()}
        >
          {committing ? 'Saving version…' : 'Save version'}
        </button>
        <RetrainAction session={session} />
      </span>
    </footer>
  );
}
