import type { ImportStage } from './datasetsStore';

const LABELS: Record<ImportStage['phase'], string> = {
  uploading: 'Uploading',
  checking: 'Checking',
  importing: 'Importing',
  done: 'Imported',
};

/** Where an import is: the upload (browser only), then the core's check and import passes. */
export function ImportProgress({ stage }: { stage: ImportStage }) {
  const fraction = stage.phase === 'done' ? 1 : stage.total > 0 ? Math.min(1, stage.done / stage.total) : 0;
  const pct = Math.round(fraction * 100);
  return (
    <div className="progress" data-testid="import-progress" data-phase={stage.phase} data-fraction={fraction.toFixed(3)}>
      <div className="progress-track" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} aria-label={LABELS[stage.phase]}>
        <div className="progress-fill" style={{ width: `${pct}%` }} />
      </div>
      <div className="progress-text">
        <span>{LABELS[stage.phase]}</span>
        <span className="muted">{pct}%</span>
      </div>
    </div>
  );
}
