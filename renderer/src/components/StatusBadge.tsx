import type { RunStatus } from '../../../shared/domain';

export function StatusBadge({ status, testId }: { status: RunStatus; testId?: string }) {
  return (
    <span className={`status-badge status-${status}`} data-testid={testId} data-status={status}>
      {status}
    </span>
  );
}
