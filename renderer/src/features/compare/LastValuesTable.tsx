import type { RunDetail } from '../../../../shared/domain';

/** One row per run (its chart colour, its name), one column per key: the key's last logged value. */
export function LastValuesTable({
  runs,
  colors,
  keys,
  testId,
  label,
  format,
}: {
  runs: RunDetail[];
  colors: string[];
  keys: string[];
  testId: string;
  label(key: string): string;
  format(key: string, value: number | undefined): string;
}) {
  return (
    <div className="table-scroll" tabIndex={0}>
      <table className="data-table" data-testid={testId}>
        <thead>
          <tr>
            <th>Run</th>
            {keys.map((k) => (
              <th key={k} className="num">
                {label(k)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {runs.map((run, i) => (
            <tr key={run.id}>
              <th scope="row">
                <span className="swatch" style={{ background: colors[i] }} />
                {run.name || run.id}
              </th>
              {keys.map((k) => (
                <td key={k} className="num">
                  {format(k, run.metrics[k]?.last)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
