import type { ClassMetrics } from '../../../../shared/api/calls/evaluation';
import { formatMetric } from '../../lib/format';

export function PerClassTable({ classes }: { classes: ClassMetrics[] }) {
  return (
    <div className="table-scroll card" tabIndex={0}>
      <h2>Per class</h2>
      <table className="data-table" data-testid="per-class-table">
        <thead>
          <tr>
            <th>Class</th>
            <th className="num">Precision</th>
            <th className="num">Recall</th>
            <th className="num">F1</th>
            <th className="num">Support</th>
            <th className="num">ROC AUC</th>
            <th className="num">Avg precision</th>
            <th className="num">ECE</th>
          </tr>
        </thead>
        <tbody>
          {classes.map((c) => (
            <tr key={c.label} data-testid={`class-row-${c.label}`}>
              <td className="col-name">{c.label}</td>
              <td className="num mono">{formatMetric(c.precision)}</td>
              <td className="num mono">{formatMetric(c.recall)}</td>
              <td className="num mono">{formatMetric(c.f1)}</td>
              <td className="num mono">{c.support}</td>
              <td className="num mono">{formatMetric(c.rocAuc)}</td>
              <td className="num mono">{formatMetric(c.averagePrecision)}</td>
              <td className="num mono">{formatMetric(c.ece)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
