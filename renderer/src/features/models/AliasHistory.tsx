import type { AliasMove } from '../../../../shared/api/calls/models';
import { formatFullTimestamp, formatTimestamp } from '../../lib/format';

/** Every alias move, newest first; overrides (champion without passing gates) stand out with their reason. */
export function AliasHistory({ history }: { history: AliasMove[] }) {
  const moves = [...history].sort((a, b) => b.movedAt - a.movedAt);
  return (
    <section className="card" data-testid="alias-history" data-moves={moves.length}>
      <h2>Alias history</h2>
      {moves.length === 0 ? (
        <p className="muted">No alias has been set yet.</p>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th>When</th>
              <th>Alias</th>
              <th>Move</th>
              <th>Reason</th>
            </tr>
          </thead>
          <tbody>
            {moves.map((m, i) => (
              <tr key={`${m.movedAt}-${m.alias}-${i}`} data-testid={`alias-move-${m.alias}`} data-override={String(m.override)} data-version={m.version}>
                <td title={formatFullTimestamp(m.movedAt)}>{formatTimestamp(m.movedAt)}</td>
                <td>
                  <span className={`alias-badge alias-${m.alias}`}>{m.alias}</span>
                </td>
                <td>
                  {m.previousVersion === null ? 'set to' : `v${m.previousVersion} →`} v{m.version}
                </td>
                <td>
                  {m.override && <span className="chip override-chip">override</span>} {m.reason ?? <span className="muted">—</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
