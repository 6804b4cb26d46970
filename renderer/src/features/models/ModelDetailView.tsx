import { useState } from 'react';
import { useResyncedLoad } from '../../api/useResyncedLoad';
import { ErrorNotice, Loading } from '../../components/Notice';
import { formatTimestamp } from '../../lib/format';
import { routeHref } from '../../lib/route';
import { AliasBadges } from './AliasBadges';
import { AliasHistory } from './AliasHistory';
import { AliasMoveForm } from './AliasMoveForm';
import { ExportVersionForm } from './ExportVersionForm';
import { ModelVersionsTable } from './ModelVersionsTable';
import { useModels } from './modelsStore';

export function ModelDetailView({ name }: { name: string }) {
  const { detail, detailError, loadDetail } = useModels();
  const [moving, setMoving] = useState(false);
  const [exporting, setExporting] = useState<number | null>(null);

  useResyncedLoad(loadDetail, name);

  if (!detail || detail.name !== name) {
    if (detailError) return <ErrorNotice message={detailError} onRetry={() => void loadDetail(name)} />;
    return <Loading what="model" />;
  }

  return (
    <section className="view" data-testid="model-detail">
      <header className="view-header">
        <div>
          <h1>{detail.name}</h1>
          <p className="muted">
            <a href={routeHref({ name: 'models' })}>Models</a> · {detail.versions.length} version{detail.versions.length === 1 ? '' : 's'} · created{' '}
            {formatTimestamp(detail.createdAt)}
          </p>
          {Object.keys(detail.aliases).length > 0 && <AliasBadges aliases={detail.aliases} testIds />}
        </div>
        <div className="actions">
          <button
            type="button"
            className="btn btn-primary"
            data-testid="move-alias"
            disabled={moving || detail.versions.length === 0}
            onClick={() => setMoving(true)}
          >
            Move alias…
          </button>
        </div>
      </header>
      {moving && <AliasMoveForm model={detail} onDone={() => setMoving(false)} />}
      <ModelVersionsTable model={detail} onExport={setExporting} />
      {exporting !== null && <ExportVersionForm key={exporting} model={detail.name} version={exporting} onClose={() => setExporting(null)} />}
      <AliasHistory history={detail.aliasHistory} />
    </section>
  );
}
