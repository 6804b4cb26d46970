import { useResyncedLoad } from '../../api/useResyncedLoad';
import { ErrorNotice, Loading } from '../../components/Notice';
import { formatTimestamp } from '../../lib/format';
import { routeHref } from '../../lib/route';
import { AgreementPanel } from './AgreementPanel';
import { plural } from './datasetFormat';
import { useDatasetDetail } from './datasetDetailStore';
import { queueHref } from './datasetLinks';
import { ExportForm } from './ExportForm';
import { LabelingStatusPanel } from './LabelingStatusPanel';
import { ModelAssistPanel } from './ModelAssistPanel';
import { PanelBoundary } from './PanelBoundary';
import { QualityReportPanel } from './QualityReportPanel';
import { SplitsPanel } from './SplitsPanel';
import { VersionDiff } from './VersionDiff';
import { VersionsTable } from './VersionsTable';

export function DatasetDetailView({ datasetId }: { datasetId: number }) {
  const { detail, runs, splits, status, agreement, open } = useDatasetDetail();

  // Changes to what it shows arrive through features/shell/storeChanges.ts.
  useResyncedLoad(open, datasetId);

  const d = detail.value;
  if (!d || d.id !== datasetId) {
    if (detail.error) return <ErrorNotice message={detail.error} onRetry={() => void open(datasetId)} />;
    return <Loading what="dataset" />;
  }
  const latest = d.latest;

  return (
    <section className="view dataset-detail" data-testid={`dataset-detail-${datasetId}`}>
      <header className="view-header">
        <div>
          <h1 data-testid="dataset-name">{d.name}</h1>
          <p className="muted" data-testid="dataset-summary" data-rows={latest.rows} data-version={latest.version}>
            <a href={routeHref({ name: 'datasets' })}>Datasets</a> · <span className={`kind-badge kind-${latest.kind}`}>{latest.kind}</span> ·{' '}
            {plural(latest.rows, 'row')} · {latest.classes.length ? plural(latest.classes.length, 'class', 'classes') : 'no label column'} · latest v
            {latest.version} of {d.versionCount} · added {formatTimestamp(d.createdAt)}
          </p>
          {latest.classes.length > 0 && (
            <p className="muted ellipsis" title={latest.classes.join(', ')}>
              {latest.classes.join(', ')}
            </p>
          )}
        </div>
        <div className="actions">
          <a className="btn btn-primary" data-testid="dataset-label" href={queueHref(datasetId, 'all')}>
            Label
          </a>
          <a className="btn" data-testid="dataset-grid" href={queueHref(datasetId, 'all', { view: 'grid' })}>
            Grid
          </a>
        </div>
      </header>
      <div className="dataset-columns">
        <PanelBoundary name="versions">
          <VersionsTable detail={d} runs={runs} />
        </PanelBoundary>
        {d.versions.length > 1 && (
          <PanelBoundary name="version diff">
            <VersionDiff detail={d} />
          </PanelBoundary>
        )}
      </div>
      <PanelBoundary name="quality report">
        <QualityReportPanel datasetId={datasetId} versions={d.versions} latest={latest.version} />
      </PanelBoundary>
      <div className="dataset-columns">
        <PanelBoundary name="labeling status">
          <LabelingStatusPanel datasetId={datasetId} status={status} />
        </PanelBoundary>
        <PanelBoundary name="agreement">
          <AgreementPanel datasetId={datasetId} agreement={agreement} />
        </PanelBoundary>
      </div>
      <PanelBoundary name="model assist">
        <ModelAssistPanel datasetId={datasetId} />
      </PanelBoundary>
      <div className="dataset-columns">
        <PanelBoundary name="splits">
          <SplitsPanel version={latest.version} splits={splits} />
        </PanelBoundary>
        <PanelBoundary name="export">
          <ExportForm detail={d} />
        </PanelBoundary>
      </div>
    </section>
  );
}
