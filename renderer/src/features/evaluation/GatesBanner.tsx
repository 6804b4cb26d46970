import type { EvaluationReport } from '../../../../shared/api/calls/evaluation';
import { formatMetric } from '../../lib/format';

const HEADINGS = { passed: 'Passed', failed: 'Failed', no_gates: 'No gates' };

/** Above the verdict: rows the model trained on, and what else the rows evaluated leave open. */
export function EvaluationWarnings({ report }: { report: EvaluationReport }) {
  return (
    <>
      {report.trainingOverlap ? (
        <section className="card training-data-banner" data-testid="training-data-banner" data-overlap={report.trainingOverlap} role="alert">
          <h2>
            Evaluated on training data ({report.trainingOverlap} of {report.data.rows} rows)
          </h2>
          <p className="muted">
            The model was trained on these rows, so the metrics below overstate how it does on new data, and this evaluation can't make it champion. Evaluate it
            on the test part of a stored split.
          </p>
        </section>
      ) : null}
      {report.warnings.map((w) => (
        <p key={w} className="notice notice-warn" data-testid="evaluation-warning">
          {w}
        </p>
      ))}
    </>
  );
}

/** The verdict first: passed, failed, or no gates (nothing was asked, which is not a pass), each gate with the value it was checked against. */
export function GatesBanner({ report }: { report: EvaluationReport }) {
  const failed = report.gates.filter((g) => !g.passed).length;
  return (
    <section
      className={`card gates-banner ${report.gateStatus === 'passed' ? '' : report.gateStatus === 'failed' ? 'failed' : 'neutral'}`}
      data-testid="gates-banner"
      data-status={report.gateStatus}
    >
      <h2>{HEADINGS[report.gateStatus]}</h2>
      <p className="muted">
        {report.gates.length === 0
          ? 'No quality gates were set, so nothing was checked; an evaluation without gates does not let a model become champion.'
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
