import type { ModelDetail, ModelVersionInfo, TrainingRowsSummary } from '../../../../shared/api/calls/models';
import { formatMetric, formatTimestamp } from '../../lib/format';
import { routeHref } from '../../lib/route';

/** Versions, newest first, with where each came from: its run, the data it saw, its final metrics. */
export function ModelVersionsTable({ model, onExport }: { model: ModelDetail; onExport(version: number): void }) {
  const versions = [...model.versions].sort((a, b) => b.version - a.version);
  return (
    <div className="table-scroll card" tabIndex={0}>
      <table className="data-table" data-testid="model-versions">
        <thead>
          <tr>
            <th>Version</th>
            <th>Aliases</th>
            <th>Source</th>
            <th>Dataset</th>
            <th>Metrics</th>
            <th>Created</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.id} data-testid={`model-version-${v.version}`} data-aliases={v.aliases.join(',')}>
              <td className="col-name">
                v{v.version}
                {v.description && <div className="muted">{v.description}</div>}
              </td>
              <td>
                {v.aliases.map((a) => (
                  <span key={a} className={`alias-badge alias-${a}`}>
                    {a}
                  </span>
                ))}
              </td>
              <td>
                <VersionSource version={v} />
              </td>
              <td>
                <span className="mono">{v.lineage.dataset ? `${v.lineage.dataset.name}@${v.lineage.dataset.version}` : '—'}</span>
                {v.lineage.trainingRows && (
                  <div className="muted" data-testid={`version-training-rows-${v.version}`}>
                    {describeTrainingRows(v.lineage.trainingRows)}
                  </div>
                )}
              </td>
              <td className="mono version-metrics">{describeMetrics(v.lineage.metrics)}</td>
              <td>{formatTimestamp(v.createdAt)}</td>
              <td>
                <button type="button" className="btn btn-small" data-testid={`export-version-${v.version}`} onClick={() => onExport(v.version)}>
                  Export…
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function VersionSource({ version }: { version: ModelVersionInfo }) {
  const { lineage } = version;
  if (version.runId) {
    return (
      <a href={routeHref({ name: 'run', runId: version.runId })} data-testid={`version-run-${version.version}`}>
        {lineage.runName || version.runId.slice(0, 8)}
      </a>
    );
  }
  return <span className="muted">imported {lineage.imported?.file ?? ''}</span>;
}

/** Validation metrics first: they are what a version is judged on (the core leaves the system samples out). */
function describeMetrics(metrics: Record<string, number>): string {
  const keys = Object.keys(metrics).sort((a, b) => Number(b.startsWith('val_')) - Number(a.startsWith('val_')) || a.localeCompare(b));
  return keys.length ? keys.map((k) => `${k} ${formatMetric(metrics[k])}`).join(' · ') : '—';
}

/** The rows the run fitted and validated on, and where that division came from. */
function describeTrainingRows(r: TrainingRowsSummary): string {
  const from = r.source === 'split' ? 'stored split' : `${r.validationFraction} validation fraction`;
  return `fit on ${r.trainRows}, validated on ${r.validationRows} (${from})`;
}
