import { useEffect, useRef } from 'react';
import type { DatasetVersionInfo } from '../../../../shared/domain';
import { ErrorNotice, Loading } from '../../components/Notice';
import { ClassBalanceChart } from './ClassBalanceChart';
import { ColumnProfiles } from './ColumnProfiles';
import { plural } from './datasetFormat';
import { useDatasetDetail } from './datasetDetailStore';
import { Findings } from './Findings';
import { PanelBoundary } from './PanelBoundary';

/** The data-quality report of a chosen version: column profiles, class balance and findings. */
export function QualityReportPanel({ datasetId, versions, latest }: { datasetId: number; versions: DatasetVersionInfo[]; latest: number }) {
  const quality = useDatasetDetail((s) => s.quality);
  const loadQuality = useDatasetDetail((s) => s.loadQuality);
  const version = quality.version ?? latest;
  const report = quality.value;
  const numbers = versions.map((v) => v.version).sort((a, b) => b - a);

  // A new version (a labels commit, a re-import) moves the report along unless an older one was picked.
  const previousLatest = useRef(latest);
  useEffect(() => {
    if (latest !== previousLatest.current && version === previousLatest.current) void loadQuality(latest);
    previousLatest.current = latest;
  }, [latest, version, loadQuality]);

  return (
    <section
      className="card dataset-panel"
      data-testid="quality-report"
      data-version={version}
      data-state={report ? 'ready' : quality.error ? 'error' : 'loading'}
    >
      <div className="card-header">
        <h2>Data quality</h2>
        <div className="inline-controls">
          <label htmlFor="quality-version">version</label>
          <select id="quality-version" data-testid="quality-version" value={version} onChange={(e) => void loadQuality(Number(e.target.value))}>
            {numbers.map((n) => (
              <option key={n} value={n}>
                v{n}
              </option>
            ))}
          </select>
          <button type="button" className="btn btn-small" onClick={() => void loadQuality(version)}>
            Refresh
          </button>
        </div>
      </div>
      {quality.error && <ErrorNotice message={quality.error} onRetry={() => void loadQuality(version)} />}
      {!report && !quality.error && <Loading what={`the quality report of v${version}`} />}
      {report && (
        <>
          <p className="muted">
            v{report.version}: {plural(report.rows, 'row')}, {plural(report.columns?.length ?? 0, 'column')} profiled,{' '}
            {plural(report.findings?.length ?? 0, 'finding')}
          </p>
          <h3>Findings</h3>
          <PanelBoundary name="findings">
            <Findings report={report} datasetId={datasetId} latest={report.version === latest} />
          </PanelBoundary>
          <h3>Columns</h3>
          <PanelBoundary name="column profiles">
            <ColumnProfiles columns={Array.isArray(report.columns) ? report.columns : []} />
          </PanelBoundary>
          {report.classBalance && (
            <PanelBoundary name="class balance">
              <ClassBalanceChart balance={report.classBalance} />
            </PanelBoundary>
          )}
        </>
      )}
    </section>
  );
}
