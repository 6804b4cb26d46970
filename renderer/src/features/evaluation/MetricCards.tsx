import type { EvaluationReport } from '../../../../shared/api/calls/evaluation';
import { formatMetric } from '../../lib/format';

/** The headline numbers; data-value keeps the unrounded figure for comparisons. */
export function MetricCards({ overall }: { overall: EvaluationReport['overall'] }) {
  const cards: [string, string, number][] = [
    ['accuracy', 'Accuracy', overall.accuracy],
    ['f1-macro', 'F1 macro', overall.f1Macro],
    ['f1-weighted', 'F1 weighted', overall.f1Weighted],
    ['roc-auc', 'ROC AUC', overall.rocAuc],
    ['log-loss', 'Log loss', overall.logLoss],
    ['ece', 'ECE', overall.ece],
  ];
  return (
    <div className="metric-cards">
      {cards.map(([key, label, value]) => (
        <div key={key} className="card metric-card" data-testid={`metric-${key}`} data-value={String(value)}>
          <span className="muted">{label}</span>
          <strong className="mono">{formatMetric(value)}</strong>
        </div>
      ))}
    </div>
  );
}
