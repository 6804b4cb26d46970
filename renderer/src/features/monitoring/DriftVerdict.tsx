import type { DriftReportResult } from '../../../../shared/api/calls/monitoring';

/** The report's headline: how many columns drifted, and whether that makes the dataset drift. */
export function DriftVerdict({ report }: { report: DriftReportResult }) {
  const pct = Math.round(report.shareOfDriftedColumns * 100);
  return (
    <section
      className={report.datasetDrift ? 'card drift-verdict drifted' : 'card drift-verdict'}
      data-testid="drift-verdict"
      data-drift={String(report.datasetDrift)}
      data-drifted-columns={report.numberOfDriftedColumns}
    >
      <h2>{report.datasetDrift ? 'Dataset drift detected' : 'No dataset drift'}</h2>
      <p>
        <strong>
          {report.numberOfDriftedColumns} of {report.numberOfColumns}
        </strong>{' '}
        columns drifted ({pct}%; the threshold is {Math.round(report.shareThreshold * 100)}%).
      </p>
      <p className="muted">
        <span className="mono">{report.current}</span> against <span className="mono">{report.reference}</span>
      </p>
      {report.missingColumns.length > 0 && (
        <p className="muted">Not tested (not in the current data, empty, or free text): {report.missingColumns.join(', ')}</p>
      )}
    </section>
  );
}
