import type { PipelineRunStatus, StepStatus } from '../../../../shared/pipelines/run';

/** A run's or a step's status, coloured as the runs table colours a run's. */
export function PipelineStatus({ status, testId }: { status: PipelineRunStatus | StepStatus; testId?: string }) {
  return (
    <span className={`status-badge status-${status}`} data-testid={testId} data-status={status}>
      {status.replace('_', ' ')}
    </span>
  );
}
