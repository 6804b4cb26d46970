import type { SliceReport } from '../../../../shared/api/calls/evaluation';
import { formatMetric } from '../../lib/format';

/** How many of the worst slices are listed; the report ranks them all. */
const SHOWN = 15;

export function WorstSlicesTable({ slices }: { slices: SliceReport }) {
  const worst = slices.worst.slice(0, SHOWN);
  return (
    <section className="card table-scroll" tabIndex={0}>
      <h2>Worst slices</h2>
      <p className="muted">
        Slices of at least {slices.minCount} rows (numeric columns in {slices.bins} quantile bins), lowest accuracy first.
      </p>
      <table className="data-table" data-testid="slices-table" data-slices={worst.length}>
        <thead>
          <tr>
            <th>Column</th>
            <th>Value</th>
            <th className="num">Rows</th>
            <th className="num">Accuracy</th>
            <th className="num">F1 macro</th>
            <th className="num">ROC AUC</th>
          </tr>
        </thead>
        <tbody>
          {worst.map((s) => (
            <tr key={`${s.column}=${s.value}`}>
              <td className="col-name">{s.column}</td>
              <td className="mono">{s.value}</td>
              <td className="num mono">{s.count}</td>
              <td className="num mono">{formatMetric(s.accuracy)}</td>
              <td className="num mono">{formatMetric(s.f1Macro)}</td>
              <td className="num mono">{formatMetric(s.rocAuc)}</td>
            </tr>
          ))}
          {worst.length === 0 && (
            <tr>
              <td colSpan={6} className="muted">
                No slice is large enough to rank.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}
