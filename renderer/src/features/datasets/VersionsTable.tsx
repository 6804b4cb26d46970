import { formatTimestamp } from '../../lib/format';
import { routeHref } from '../../lib/route';
import type { DatasetDetail, Slot } from './datasetDetailStore';

/** Every version of the dataset, newest first, with the runs trained on it. */
export function VersionsTable({ detail, runs }: { detail: DatasetDetail; runs: Slot<Record<number, string[]>> }) {
  const versions = [...detail.versions].sort((a, b) => b.version - a.version);
  return (
    <section className="card dataset-panel" data-testid="dataset-versions">
      <h2>Versions</h2>
      <div className="table-scroll" tabIndex={0}>
        <table className="data-table">
          <thead>
            <tr>
              <th>Version</th>
              <th className="num">Rows</th>
              <th>Classes</th>
              <th>Source</th>
              <th>Created</th>
              <th>Runs</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => {
              const used = runs.value?.[v.version];
              return (
                <tr key={v.version} data-testid={`dataset-version-${v.version}`} data-runs={used?.length ?? ''}>
                  <td>
                    v{v.version}
                    {v.version === detail.latest.version && <span className="chip dataset-latest-chip">latest</span>}
                  </td>
                  <td className="num">{v.rows.toLocaleString()}</td>
                  <td className="classes" title={v.classes.join(', ')}>
                    {v.classes.length || '—'}
                  </td>
                  <td className="muted ellipsis" title={v.source}>
                    {v.source}
                  </td>
                  <td>{formatTimestamp(v.createdAt)}</td>
                  <td>
                    {used === undefined ? (
                      <span className="muted">{runs.error ? '?' : '…'}</span>
                    ) : used.length === 0 ? (
                      <span className="muted">none</span>
                    ) : (
                      <span className="dataset-run-links">
                        {used.map((id) => (
                          <a key={id} className="mono" href={routeHref({ name: 'run', runId: id })} title={id}>
                            {id.slice(0, 8)}
                          </a>
                        ))}
                      </span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {runs.error && <p className="muted">Runs per version could not be read: {runs.error}</p>}
    </section>
  );
}
