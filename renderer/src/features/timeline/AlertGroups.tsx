import type { Alert, AlertGroup } from '../../../../shared/api/calls/monitoring';

function bandText(a: Alert): string {
  const { band } = a;
  if (band.alertWhen === 'above') return `band ≤ ${band.upper.toFixed(3)}`;
  if (band.alertWhen === 'below') return `band ≥ ${band.lower.toFixed(3)}`;
  return `band ${band.lower.toFixed(3)} – ${band.upper.toFixed(3)}`;
}

/**
 * A chunk's alerts, grouped: data drift, prediction drift, performance, each series with its value
 * against its band; then the columns outside their bands, folded, since a large drift moves many.
 */
export function AlertGroups({ groups }: { groups: readonly AlertGroup[] }) {
  return (
    <div className="alert-groups">
      {groups.map((g) =>
        g.kind === 'columns' ? (
          <details key={g.kind} className="alert-group" data-testid="alert-group" data-kind={g.kind}>
            <summary>
              {g.alerts.length} {g.alerts.length === 1 ? 'column' : 'columns'} outside {g.alerts.length === 1 ? 'its band' : 'their bands'}
            </summary>
            <ul>
              {g.alerts.map((a) => (
                <li key={a.name}>
                  <span className="mono">{a.label}</span> {a.value.toFixed(3)} <span className="muted">({bandText(a)})</span>
                </li>
              ))}
            </ul>
          </details>
        ) : (
          <div key={g.kind} className="alert-group" data-testid="alert-group" data-kind={g.kind}>
            <strong>{g.title}</strong>:{' '}
            {g.alerts.map((a, i) => (
              <span key={a.name}>
                {i > 0 && ', '}
                {a.label} {a.value.toFixed(3)} <span className="muted">({bandText(a)})</span>
              </span>
            ))}
          </div>
        ),
      )}
    </div>
  );
}
