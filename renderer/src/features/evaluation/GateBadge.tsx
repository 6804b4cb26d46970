import type { EvaluationFacts } from '../../../../shared/api/calls/evaluation';

/** An evaluation's gate outcome, and a second badge when it was scored on rows the model trained on. */
export function GateBadges({ facts, failed, total }: { facts: EvaluationFacts; failed: string[]; total: number }) {
  const text = { passed: 'passed', failed: `${failed.length} of ${total} failed`, no_gates: 'no gates' }[facts.gateStatus];
  const tone = { passed: '', failed: ' failed', no_gates: ' neutral' }[facts.gateStatus];
  return (
    <>
      <span className={`pass-badge${tone}`} data-testid="gate-badge" data-status={facts.gateStatus} title={failed.join('\n')}>
        {text}
      </span>
      {facts.trainingOverlap ? (
        <span className="pass-badge failed" data-testid="training-data-badge" title={`${facts.trainingOverlap} of ${facts.rows} rows were trained on`}>
          training data
        </span>
      ) : null}
    </>
  );
}
