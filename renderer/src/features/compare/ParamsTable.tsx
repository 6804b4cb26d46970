import type { RunDetail } from '../../../../shared/domain';
import { formatParam } from '../../lib/format';
import { paramRows } from '../../lib/params';

export function ParamsTable({
  runs,
  colors,
  onlyDifferences,
  onToggle,
}: {
  runs: RunDetail[];
  colors: string[];
  onlyDifferences: boolean;
  onToggle(on: boolean): void;
}) {
  const rows = paramRows(runs.map((r) => r.params));
  const differing = rows.filter((r) => r.differs).length;
  const shown = onlyDifferences ? rows.filter((r) => r.differs) : rows;
  return (
    <section className="card">
      <div className="card-header">
        <h2>Params</h2>
        <label className="toggle">
          <input type="checkbox" data-testid="only-differences" checked={onlyDifferences} onChange={(e) => onToggle(e.target.checked)} />
          Only differences <span className="muted">({differing})</span>
        </label>
      </div>
      <div className="table-scroll" tabIndex={0}>
        <table className="data-table params-table" data-testid="params-table">
          <thead>
            <tr>
              <th>Param</th>
              {runs.map((run, i) => (
                <th key={run.id}>
                  <span className="swatch" style={{ background: colors[i] }} />
                  {run.name || run.id}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => (
              <tr
                key={row.name}
                data-testid={`param-row-${row.name}`}
                data-differs={row.differs ? 'true' : 'false'}
                className={row.differs ? 'differs' : undefined}
              >
                <th scope="row">{row.name}</th>
                {row.values.map((v, i) => (
                  <td key={runs[i].id} className={row.differs ? 'cell-differs' : undefined}>
                    {formatParam(v)}
                  </td>
                ))}
              </tr>
            ))}
            {shown.length === 0 && (
              <tr>
                <td colSpan={runs.length + 1} className="muted">
                  {onlyDifferences ? 'These runs share every param.' : 'No params recorded.'}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}
