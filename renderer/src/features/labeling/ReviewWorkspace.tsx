import { useEffect, useState } from 'react';
import type { LabelingResults } from '../../../../shared/api/calls/labeling';
import type { LabelingSession } from '../../../../shared/labeling-client/session';
import type { LabelSchema } from '../../../../shared/labeling/types';
import { api } from '../../api';
import { errorMessage } from '../../api/errors';
import { ErrorNotice, Loading } from '../../components/Notice';
import { formatTimestamp } from '../../lib/format';
import type { Route } from '../../lib/route';
import { ItemInfo } from './ItemInfo';
import { ItemMedia } from './ItemMedia';
import { LabelBar } from './LabelBar';
import { describeValue, shownValue } from './labelValue';
import { QueueEnd } from './QueueEnd';
import { ShortcutList } from './ShortcutList';
import { useSession } from './useSession';
import { useWorkspaceKeys } from './useWorkspaceKeys';

type History = LabelingResults['labels.history'];

/** A reviewer's pass: every labeler's label and the item's history; accept, fix or reject, then on. */
export function ReviewWorkspace({ session, schema, route }: { session: LabelingSession; schema: LabelSchema; route: Extract<Route, { name: 'labeling' }> }) {
  useSession(session);
  const item = session.current;
  const itemId = item?.entry.itemId;
  const [fixing, setFixing] = useState(false);
  const [history, setHistory] = useState<{ itemId: number; value: History | null; error: string | null } | null>(null);
  const [hint, setHint] = useState<string | null>(null);

  useEffect(() => {
    if (itemId === undefined) return;
    let live = true;
    setFixing(false);
    setHint(null);
    api.call('labels.history', { datasetId: session.datasetId, itemId }).then(
      (value) => live && setHistory({ itemId, value, error: null }),
      (err) => live && setHistory({ itemId, value: null, error: errorMessage(err) }),
    );
    return () => {
      live = false;
    };
  }, [itemId, session]);

  const labeled = !!item && item.entry.labels.length > 0;
  const verdict = (kind: 'accept' | 'reject') => {
    if (!labeled) return setHint('Nothing to judge: no one has labeled this item yet. Fix it (f) or move on.');
    session.review(kind);
  };
  const fix = (name: string) => {
    if (schema.task === 'boxes') return setHint('Boxes are fixed in the item view.');
    session.review('fix', { labels: [name] });
  };

  useWorkspaceKeys('review', schema.classes, (cmd) => {
    switch (cmd.kind) {
      case 'accept':
      case 'reject':
        return verdict(cmd.kind);
      case 'fix':
        return setFixing(true);
      case 'escape':
        return setFixing(false);
      case 'class':
        return fixing ? fix(cmd.name) : setHint('Press f first, then the right class.');
      case 'next':
        return session.next();
      case 'back':
        return session.back();
    }
  });

  if (session.done) return <QueueEnd session={session} route={route} />;
  if (!item) return session.loadError ? <ErrorNotice message={session.loadError} onRetry={() => session.goTo(session.cursor)} /> : <Loading what="the item" />;
  const shown = history?.itemId === item.entry.itemId ? history : null;

  return (
    <div className="label-workspace" data-testid="review-workspace" data-item={item.entry.itemId}>
      <div className="label-main">
        <ItemMedia entry={item.entry} schema={schema} boxes={shownValue(item.entry)} />
        <div className="label-box-bar">
          <button type="button" className="btn btn-small" data-testid="review-accept" disabled={!labeled} onClick={() => verdict('accept')}>
            Accept (a)
          </button>
          <button type="button" className={`btn btn-small${fixing ? ' btn-primary' : ''}`} data-testid="review-fix" onClick={() => setFixing(!fixing)}>
            {fixing ? 'Fix: press the right class…' : 'Fix (f)'}
          </button>
          <button type="button" className="btn btn-small btn-danger" data-testid="review-reject" disabled={!labeled} onClick={() => verdict('reject')}>
            Reject (r)
          </button>
          {hint && <span className="muted">{hint}</span>}
        </div>
      </div>
      <aside className="label-side">
        {fixing && <LabelBar classes={schema.classes} active={new Set()} onPick={fix} title="Fix to" />}
        <ItemInfo session={session} item={item} />
        <div className="label-history" data-testid="history">
          <h2>History</h2>
          {!shown && <Loading what="history" />}
          {shown?.error && <ErrorNotice message={shown.error} />}
          {shown?.value && shown.value.annotations.length + shown.value.reviews.length === 0 && <p className="muted">No labels yet.</p>}
          {shown?.value && shown.value.annotations.length + shown.value.reviews.length > 0 && (
            <ol>
              {shown.value.annotations.map((a) => (
                <li key={`a${a.id}`}>
                  <span className="muted">{formatTimestamp(a.createdAt)}</span> {a.labeler}{' '}
                  {a.kind === 'undo' ? 'undid to' : a.kind === 'review' ? 'fixed to' : 'gave'} <strong>{describeValue(a.value)}</strong>
                  {a.kind === 'suggestion' && <span className="muted"> (model suggestion)</span>}
                </li>
              ))}
              {shown.value.reviews.map((r) => (
                <li key={`r${r.id}`}>
                  <span className="muted">{formatTimestamp(r.createdAt)}</span> {r.reviewer} <strong>{r.verdict}ed</strong>
                  {r.note && `: ${r.note}`}
                </li>
              ))}
            </ol>
          )}
        </div>
        <ShortcutList mode="review" task={schema.task} />
      </aside>
    </div>
  );
}
