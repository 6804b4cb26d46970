import type { LabelingSession, SessionItem } from '../../../../shared/labeling-client/session';
import { describeValue } from './labelValue';

/** What is known about the current item: position in the queue, everyone's labels, the model's view. */
export function ItemInfo({ session, item }: { session: LabelingSession; item: SessionItem }) {
  const { entry, others } = item;
  const state = session.saveState(entry.itemId);
  return (
    <div className="label-info" data-testid="item-info">
      <div className="label-progress" data-testid="progress">
        Item {session.cursor + 1} of {session.length ?? '…'}
        <span className="muted">
          {' '}
          · #{entry.position}
          {entry.name ? ` · ${entry.name}` : ''}
        </span>
      </div>
      <dl className="label-facts">
        <div>
          <dt>Your label</dt>
          <dd data-testid="my-label">
            {describeValue(entry.mine)}
            {state === 'pending' && <span className="label-save-state pending"> saving…</span>}
            {state === 'failed' && <span className="label-save-state failed"> not saved</span>}
          </dd>
        </div>
        <div>
          <dt>In the version</dt>
          <dd data-testid="version-label">{describeValue(entry.versionLabel)}</dd>
        </div>
        {others.map((o) => (
          <div key={o.labeler}>
            <dt>{o.labeler}</dt>
            <dd>{describeValue(o.value)}</dd>
          </div>
        ))}
        {entry.review && (
          <div>
            <dt>Review</dt>
            <dd data-testid="review-state">
              {entry.review.verdict}
              {entry.review.reviewer && ` by ${entry.review.reviewer}`}
            </dd>
          </div>
        )}
      </dl>
      {entry.suggestion && (
        <div className="label-suggestion" data-testid="suggestion">
          Model suggests <strong>{entry.suggestion.label}</strong> ({Math.round(entry.suggestion.confidence * 100)}%) · <kbd>Enter</kbd> accepts
        </div>
      )}
      {entry.issue && (
        <div className="label-issue" data-testid="issue">
          Likely label error: labeled <strong>{entry.issue.given}</strong>, the model says <strong>{entry.issue.suggested}</strong> (label quality{' '}
          {entry.issue.quality.toFixed(2)})
        </div>
      )}
    </div>
  );
}
