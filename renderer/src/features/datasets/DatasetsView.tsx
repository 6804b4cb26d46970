import { useResyncedLoad } from '../../api/useResyncedLoad';
import { EmptyState, ErrorNotice, Loading } from '../../components/Notice';
import { formatTimestamp } from '../../lib/format';
import { routeHref } from '../../lib/route';
import { useShell } from '../shell/shellStore';
import { queueHref } from './datasetLinks';
import { DatasetImportForm } from './DatasetImportForm';
import { useDatasets } from './datasetsStore';

// One empty list for every render: a selector that returns a fresh [] each call makes zustand's
// useSyncExternalStore see a new snapshot every time and re-render until React gives up (#185).
const NO_SAMPLES: string[] = [];

export function DatasetsView() {
  const { datasets, loaded, error, load, importSamples, busy, actionError, failedAction, samplesNotice } = useDatasets();
  const samples = useShell((s) => s.info?.samplesAvailable ?? NO_SAMPLES);

  useResyncedLoad(load);

  const sampleButton = (
    <button type="button" className="btn" data-testid="add-samples" disabled={busy !== null} onClick={() => void importSamples()}>
      {busy === 'samples' ? 'Adding samples…' : 'Add sample datasets'}
    </button>
  );

  return (
    <section className="view">
      <header className="view-header">
        <div>
          <h1>Datasets</h1>
          <p className="muted">
            {datasets.length} dataset{datasets.length === 1 ? '' : 's'}
          </p>
        </div>
        <div className="actions">{datasets.length > 0 && sampleButton}</div>
      </header>
      {error && <ErrorNotice message={error} onRetry={() => void load()} />}
      {actionError && failedAction === 'samples' && <ErrorNotice message={actionError} />}
      {samplesNotice && (
        <p className="success" role="status" data-testid="samples-notice">
          {samplesNotice}
        </p>
      )}
      {!loaded && <Loading what="datasets" />}
      {loaded && datasets.length === 0 && !error && (
        <EmptyState title="No datasets yet">
          <p>{samples.length > 0 ? `Bundled samples: ${samples.join(', ')}.` : 'Import a CSV file or an image folder below.'}</p>
          {sampleButton}
        </EmptyState>
      )}
      {datasets.length > 0 && (
        <div className="table-scroll" tabIndex={0}>
          <table className="data-table" data-testid="datasets-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Kind</th>
                <th className="num">Rows</th>
                <th className="num">Columns</th>
                <th>Label</th>
                <th>Classes</th>
                <th className="num">Versions</th>
                <th>Source</th>
                <th>Added</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {datasets.map((d) => (
                <tr key={d.id} data-testid={`dataset-row-${d.id}`}>
                  <td className="col-name">
                    <a href={routeHref({ name: 'dataset', datasetId: d.id })} data-testid={`dataset-link-${d.id}`}>
                      {d.name}
                    </a>
                  </td>
                  <td>
                    <span className={`kind-badge kind-${d.latest.kind}`}>{d.latest.kind}</span>
                  </td>
                  <td className="num">{d.latest.rows.toLocaleString()}</td>
                  <td className="num" title={d.latest.columns.map((c) => `${c.name} (${c.type})`).join('\n')}>
                    {d.latest.columns.length}
                  </td>
                  <td>{d.latest.labelColumn ?? '—'}</td>
                  <td className="classes" title={d.latest.classes.join(', ')}>
                    {d.latest.classes.length > 0 ? `${d.latest.classes.length}: ${truncateList(d.latest.classes, 4)}` : '—'}
                  </td>
                  <td className="num">
                    {d.versionCount} <span className="muted">(latest v{d.latest.version})</span>
                  </td>
                  <td className="muted ellipsis" title={d.latest.source}>
                    {d.latest.source}
                  </td>
                  <td>{formatTimestamp(d.createdAt)}</td>
                  <td>
                    <a className="btn btn-small" href={queueHref(d.id, 'all')} data-testid={`dataset-label-${d.id}`}>
                      Label
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <DatasetImportForm />
    </section>
  );
}

function truncateList(items: string[], max: number): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')}, …`;
}
