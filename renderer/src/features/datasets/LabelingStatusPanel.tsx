import { useState } from 'react';
import type { LabelingStatus } from '../../../../shared/labeling/types';
import { ErrorNotice, Loading } from '../../components/Notice';
import { formatDuration } from '../../lib/format';
import { formatShare } from './datasetFormat';
import { useDatasetDetail, type Slot } from './datasetDetailStore';
import { queueHref } from './datasetLinks';
import { StatTile } from './StatTile';

/** How far labeling has come, who did it, and the button that turns resolved labels into a version. */
export function LabelingStatusPanel({ datasetId, status }: { datasetId: number; status: Slot<LabelingStatus> }) {
  const commitLabels = useDatasetDetail((s) => s.commitLabels);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const s = status.value;

  const commit = async () => {
    setBusy(true);
    setMessage(null);
    const r = await commitLabels();
    setBusy(false);
    setMessage(r.ok ? { ok: true, text: `Saved as v${r.value}` } : { ok: false, text: r.message });
  };

  return (
    <section className="card dataset-panel" data-testid="labeling-status">
      <div className="card-header">
        <h2>Labeling</h2>
        <div className="actions">
          <a className="btn btn-small" href={queueHref(datasetId, 'unlabeled')}>
            Label unlabeled
          </a>
          <button
            type="button"
            className="btn btn-small btn-primary"
            data-testid="commit-labels"
            disabled={busy || !s || s.uncommitted === 0}
            onClick={() => void commit()}
          >
            {busy ? 'Saving…' : 'Save version'}
          </button>
        </div>
      </div>
      {status.error && <ErrorNotice message={status.error} />}
      {!status.loaded && <Loading what="labeling status" />}
      {s && (
        <>
          <div className="dataset-stat-row">
            <StatTile
              label={`labeled of ${s.items.toLocaleString()} (${formatShare(s.items ? s.labeled / s.items : null)})`}
              value={s.labeled}
              testId="status-labeled"
              raw={s.labeled}
            />
            <StatTile label="uncommitted changes" value={s.uncommitted} testId="status-uncommitted" raw={s.uncommitted} />
            <StatTile label="reviewed" value={s.reviewed} testId="status-reviewed" raw={s.reviewed} />
            <StatTile label="likely label errors" value={s.issues} testId="status-issues" raw={s.issues} />
          </div>
          <div className="progress">
            <div className="progress-track" role="progressbar" aria-label="labeled" aria-valuemin={0} aria-valuemax={s.items} aria-valuenow={s.labeled}>
              <div className="progress-fill" style={{ width: `${s.items ? (100 * s.labeled) / s.items : 0}%` }} />
            </div>
          </div>
          <p className="muted">
            v{s.version}
            {s.suggestionsFrom && (
              <>
                {' '}
                · suggestions from run <span className="mono">{s.suggestionsFrom.slice(0, 8)}</span>
              </>
            )}
            {s.issues > 0 && (
              <>
                {' · '}
                <a href={queueHref(datasetId, 'errors')}>review likely errors</a>
              </>
            )}
          </p>
          {s.labelers.length > 0 ? (
            <table className="data-table dataset-compact-table" data-testid="labelers-table">
              <thead>
                <tr>
                  <th>Labeler</th>
                  <th className="num">Items</th>
                  <th className="num">Time spent</th>
                  <th className="num">Per item</th>
                </tr>
              </thead>
              <tbody>
                {s.labelers.map((l) => (
                  <tr key={l.labeler} data-testid={`labeler-${l.labeler}`} data-items={l.items}>
                    <td>
                      <a href={queueHref(datasetId, 'labeler', { value: l.labeler })}>{l.labeler}</a>
                    </td>
                    <td className="num">{l.items.toLocaleString()}</td>
                    <td className="num">{formatDuration(l.seconds * 1000)}</td>
                    <td className="num">{l.items ? formatDuration((l.seconds * 1000) / l.items) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="muted">Nobody has labeled items here yet.</p>
          )}
        </>
      )}
      {message && (
        <p className={message.ok ? 'success' : 'field-error'} role={message.ok ? 'status' : 'alert'} data-testid="commit-result">
          {message.text}
        </p>
      )}
    </section>
  );
}
