import type { QualityFinding, QualityReport } from '../../../../shared/quality/report';
import { findingTitle, plural, previewPositions } from './datasetFormat';
import { positionsQueueHref } from './datasetLinks';
import { DuplicateGroupList, NearDuplicatePairs } from './FindingDetails';
import { useImageHashes } from './useImageHashes';

const SHOWN_ROWS = 30;
const SHOWN_GROUPS = 6;
const SHOWN_PAIRS = 12;
const SEVERITIES = new Set(['error', 'warning', 'info']);

/**
 * The report's findings, worst first. Any kind renders (the core may add kinds this page has no
 * special view for); each lists its rows and opens them in the labeling queue.
 */
export function Findings({ report, datasetId, latest }: { report: QualityReport; datasetId: number; latest: boolean }) {
  const findings = Array.isArray(report.findings) ? report.findings : [];
  const duplicates = Array.isArray(report.duplicates) ? report.duplicates : [];
  const pairs = (Array.isArray(report.nearDuplicates) ? report.nearDuplicates : []).slice(0, SHOWN_PAIRS);
  const groups = { duplicates: duplicates.slice(0, SHOWN_GROUPS), conflicting_labels: duplicates.filter((g) => g.conflicting).slice(0, SHOWN_GROUPS) };
  // Thumbnails come from the queue, which knows the latest version's positions only.
  const images = report.kind === 'images' && latest;
  const thumbPositions = images
    ? [...new Set([...pairs.flatMap((p) => [p.a, p.b]), ...duplicates.slice(0, SHOWN_GROUPS).flatMap((g) => g.rows.slice(0, 6))])]
    : [];
  const hashes = useImageHashes(datasetId, thumbPositions, images);

  if (findings.length === 0) {
    return (
      <p className="muted" data-testid="no-findings">
        No findings: no missing values, duplicates, conflicting labels, imbalance or outliers.
      </p>
    );
  }
  return (
    <ul className="findings" data-testid="findings" data-count={findings.length}>
      {findings.map((f, i) => (
        <li
          key={`${f.kind}-${i}`}
          className={`finding finding-${severityOf(f)}`}
          data-testid={`finding-${f.kind}`}
          data-severity={severityOf(f)}
          data-rows={rowsOf(f).length}
        >
          <div className="finding-head">
            <span className={`severity-badge severity-${severityOf(f)}`}>{severityOf(f)}</span>
            <strong>{findingTitle(String(f.kind))}</strong>
            <span>{f.message}</span>
          </div>
          {f.kind === 'near_duplicates' && pairs.length > 0 && <NearDuplicatePairs pairs={pairs} hashes={hashes} />}
          {(f.kind === 'duplicates' || f.kind === 'conflicting_labels') && groups[f.kind].length > 0 && (
            <DuplicateGroupList groups={groups[f.kind]} hashes={hashes} testId={`finding-groups-${f.kind}`} />
          )}
          <FindingRows finding={f} datasetId={datasetId} latest={latest} />
        </li>
      ))}
    </ul>
  );
}

function FindingRows({ finding, datasetId, latest }: { finding: QualityFinding; datasetId: number; latest: boolean }) {
  const rows = rowsOf(finding);
  if (rows.length === 0) return null;
  const { shown, more } = previewPositions(rows, SHOWN_ROWS);
  const href = latest ? positionsQueueHref(datasetId, rows) : null;
  return (
    <div className="finding-rows">
      <span className="muted">{plural(rows.length, 'row')}: </span>
      <span className="mono" data-testid="finding-positions">
        {shown.join(', ')}
      </span>
      {more > 0 && <span className="muted"> and {more.toLocaleString()} more</span>}
      {href ? (
        <a className="btn btn-small finding-open" href={href} data-testid="open-in-queue">
          Open in labeling queue
        </a>
      ) : (
        <span className="muted"> · positions of this version; label them from the latest version's report</span>
      )}
    </div>
  );
}

function rowsOf(f: QualityFinding): number[] {
  return Array.isArray(f.rows) ? f.rows : [];
}

function severityOf(f: QualityFinding): string {
  return SEVERITIES.has(f.severity) ? f.severity : 'info';
}
