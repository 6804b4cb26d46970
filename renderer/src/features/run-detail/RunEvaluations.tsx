import { useEffect } from 'react';
import { formatMetric, formatTimestamp } from '../../lib/format';
import { routeHref } from '../../lib/route';
import { useEvaluation } from '../evaluation/evaluationStore';

/** The run's evaluations, newest first, each linking to its report. */
export function RunEvaluations({ runId, resyncs }: { runId: string; resyncs: number }) {
  const list = useEvaluation((s) => s.runEvaluations);
  const loadRunEvaluations = useEvaluation((s) => s.loadRunEvaluations);

  useEffect(() => {
    void loadRunEvaluations(runId);
  }, [runId, loadRunEvaluations, resyncs]);

  const items = list?.runId === runId ? list.items : [];
  return (
    <section className="card" data-testid="run-evaluations" data-count={items.length}>
      <h2>Evaluations</h2>
      {items.length === 0 ? (
        <p className="muted">Not evaluated yet.</p>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th>#</th>
              <th>Data</th>
              <th className="num">Accuracy</th>
              <th>Gates</th>
              <th>When</th>
            </tr>
          </thead>
          <tbody>
            {items.map((e) => (
              <tr key={e.id} data-testid={`run-evaluation-${e.id}`} data-passed={String(e.passed)}>
                <td>
                  <a href={routeHref({ name: 'evaluation', evaluationId: e.id })}>#{e.id}</a>
                </td>
                <td className="mono">{e.data}</td>
                <td className="num mono">{formatMetric(e.accuracy)}</td>
                <td>
                  <span className={e.passed ? 'pass-badge' : 'pass-badge failed'} title={e.gates.failed.join('\n')}>
                    {e.passed ? 'passed' : `${e.gates.failed.length} of ${e.gates.total} failed`}
                  </span>
                </td>
                <td className="muted">{formatTimestamp(e.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
