import { useEffect } from 'react';
import { formatMetric, formatTimestamp } from '../../lib/format';
import { routeHref } from '../../lib/route';
import { useEvaluation } from '../evaluation/evaluationStore';
import { GateBadges } from '../evaluation/GateBadge';

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
              <tr key={e.id} data-testid={`run-evaluation-${e.id}`} data-passed={String(e.passed)} data-gate-status={e.gateStatus}>
                <td>
                  <a href={routeHref({ name: 'evaluation', evaluationId: e.id })}>#{e.id}</a>
                </td>
                <td className="mono">
                  {e.data}
                  {e.split && e.split !== 'all' && <span className="muted"> · {e.split}</span>}
                </td>
                <td className="num mono">{formatMetric(e.accuracy)}</td>
                <td>
                  <GateBadges facts={e} failed={e.gates.failed} total={e.gates.total} />
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
