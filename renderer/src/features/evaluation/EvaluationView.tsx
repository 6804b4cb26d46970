import { useEffect } from 'react';
import { ErrorNotice, Loading } from '../../components/Notice';
import { formatTimestamp } from '../../lib/format';
import { routeHref } from '../../lib/route';
import { BusinessValue } from './BusinessValue';
import { ConfusionMatrix } from './ConfusionMatrix';
import { EvaluationCurves } from './EvaluationCurves';
import { useEvaluation } from './evaluationStore';
import { FairnessSection } from './FairnessSection';
import { EvaluationWarnings, GatesBanner } from './GatesBanner';
import { MetricCards } from './MetricCards';
import { PerClassTable } from './PerClassTable';
import { WorstSlicesTable } from './WorstSlicesTable';

/** A stored evaluation's report; records are immutable, so it is fetched once per id. */
export function EvaluationView({ evaluationId }: { evaluationId: number }) {
  const { record, recordError, load } = useEvaluation();

  useEffect(() => {
    void load(evaluationId);
  }, [evaluationId, load]);

  if (!record || record.id !== evaluationId) {
    if (recordError) return <ErrorNotice message={recordError} onRetry={() => void load(evaluationId)} />;
    return <Loading what="evaluation" />;
  }
  const r = record.report;
  return (
    <section
      className="view evaluation-report"
      data-testid="evaluation-report"
      data-passed={String(record.passed)}
      data-gate-status={record.gateStatus}
      data-split={record.split ?? ''}
      data-evaluation-id={record.id}
    >
      <header className="view-header">
        <div>
          <h1>Evaluation #{record.id}</h1>
          <p className="muted">
            {record.runId ? <a href={routeHref({ name: 'run', runId: record.runId })}>{r.model.label}</a> : r.model.label} on{' '}
            <span className="mono">{r.data.label}</span>
            {r.split && r.split !== 'all' && <span data-testid="evaluation-split"> · {r.split} split</span>} ({r.data.rows} rows, label{' '}
            <span className="mono">{r.data.labelColumn}</span>) · {formatTimestamp(record.createdAt)}
          </p>
        </div>
        <div className="actions">
          <a className="btn" href={routeHref({ name: 'new-evaluation', runId: record.runId })}>
            Evaluate again
          </a>
        </div>
      </header>
      <EvaluationWarnings report={r} />
      <GatesBanner report={r} />
      <MetricCards overall={r.overall} />
      <PerClassTable classes={r.perClass} />
      <ConfusionMatrix confusion={r.confusion} />
      <EvaluationCurves report={r} />
      <WorstSlicesTable slices={r.slices} />
      {r.business && <BusinessValue business={r.business} />}
      <FairnessSection fairness={r.fairness} />
    </section>
  );
}
