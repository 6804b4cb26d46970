import type { RunProgress } from '../../../shared/domain';
import { formatDuration } from '../lib/format';
import { progressFraction, progressLabel } from '../lib/progress';

/** "Epoch x/y" with a bar; `compact` is the table variant without text beyond the bar's title. */
export function ProgressBar({ progress, compact = false }: { progress: RunProgress | null; compact?: boolean }) {
  const fraction = progressFraction(progress);
  const label = progressLabel(progress);
  const eta = progress?.etaMs != null ? `ETA ${formatDuration(progress.etaMs)}` : null;
  const pct = Math.round(fraction * 100);
  return (
    <div
      className={compact ? 'progress compact' : 'progress'}
      data-testid="progress-bar"
      data-epoch={progress?.epoch ?? 0}
      data-epochs={progress?.epochs ?? 0}
      data-fraction={fraction.toFixed(3)}
      title={[label, eta].filter(Boolean).join(' · ')}
    >
      <div className="progress-track" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} aria-label={label}>
        <div className="progress-fill" style={{ width: `${pct}%` }} />
      </div>
      {!compact && (
        <div className="progress-text">
          <span>{label}</span>
          {progress && progress.batchesPerEpoch > 0 && (
            <span className="muted">
              batch {Math.min(progress.batch, progress.batchesPerEpoch)}/{progress.batchesPerEpoch}
            </span>
          )}
          {progress?.samplesPerSec != null && <span className="muted">{Math.round(progress.samplesPerSec)} samples/s</span>}
          {eta && <span>{eta}</span>}
        </div>
      )}
    </div>
  );
}
