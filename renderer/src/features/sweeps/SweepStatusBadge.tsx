import type { SweepInfoResult } from '../../../../shared/api/calls/sweeps';

/** A sweep's state, styled like run statuses (a sweep is running, finished, cancelled, or interrupted when its process died). */
export function SweepStatusBadge({ status, testId }: { status: SweepInfoResult['status']; testId?: string }) {
  return (
    <span className={`status-badge status-${status}`} data-testid={testId} data-status={status}>
      {status}
    </span>
  );
}
