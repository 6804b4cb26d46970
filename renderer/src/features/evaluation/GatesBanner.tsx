import type { EvaluationReport } from '../../../../shared/api/calls/evaluation';
import { formatMetric } from '../../lib/format';

/** The verdict first: passed or not, and each gate with the value it was checked against. */
export function GatesBanner({ report }: { report: EvaluationReport }) {
  const failed = report.gates.filter((g) => !g.passed).length;
  return (
    <section className={report.passed ? 'card gates-banner' : 'card gates-banner failed'} data-testid="gates-banner">
      <h2>{report.passed ? 'Passed' : 'Failed'}</h2>
      <p className="muted">
        {report.gates.length === 0
          ? 'No quality gates were set.'
          : `${report.gates.length - failed} of ${report.gates.length} gates passed (${report.gatesSource === 'project' ? "the project's gates" : 'gates given for this evaluation'}).`}
      </p>
      {report.gates.length > 0 && (
        <table className="data-table">
          <thead>
            <tr>
              <th>Gate</th>
              <th className="num">Value</th>
              <th>Result</th>
              <th>Reason</th>
            </tr>
          </thead>
          <tbody>
            {report.gates.map((g, i) => (
              <tr key={i} data-testid={`gate-row-${i}`} data-passed={String(g.passed)}>
                <td className="mono">{g.expression}</td>
                <td className="num mono">{formatMetric(g.value)}</td>
                <td>
                  <span className={g.passed ? 'pass-badge' : 'pass-badge failed'}>{g.passed ? 'pass' : 'fail'}</span>
                </td>
                <td className="muted">{g.reason ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
