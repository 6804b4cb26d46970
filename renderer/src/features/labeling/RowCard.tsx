import type { QueueEntry } from '../../../../shared/labeling/types';

/** A text or tabular row: free-text fields as readable paragraphs, the rest as a field table. */
export function RowCard({ entry }: { entry: QueueEntry }) {
  const fields = entry.fields ?? [];
  const texts = fields.filter((f) => f.type === 'text');
  const cells = fields.filter((f) => f.type !== 'text');
  return (
    <div className="label-row-card" data-testid="row-card" tabIndex={0}>
      {texts.map((f) => (
        <div key={f.name} className="label-text-field">
          <div className="muted label-field-name">{f.name}</div>
          <p className="label-text">{f.value === null ? <span className="muted">(empty)</span> : String(f.value)}</p>
        </div>
      ))}
      {cells.length > 0 && (
        <table className="data-table label-field-table">
          <tbody>
            {cells.map((f) => (
              <tr key={f.name}>
                <th>{f.name}</th>
                <td className={typeof f.value === 'number' ? 'num mono' : 'mono'}>
                  {f.value === null ? <span className="muted">missing</span> : String(f.value)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {fields.length === 0 && <p className="muted">{entry.name ?? `Row ${entry.position}`}</p>}
    </div>
  );
}
