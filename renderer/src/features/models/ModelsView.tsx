import { useResyncedLoad } from '../../api/useResyncedLoad';
import { EmptyState, ErrorNotice, Loading } from '../../components/Notice';
import { formatTimestamp } from '../../lib/format';
import { routeHref } from '../../lib/route';
import { AliasBadges } from './AliasBadges';
import { useModels } from './modelsStore';

export function ModelsView() {
  const { models, loaded, error, load } = useModels();

  useResyncedLoad(load);

  return (
    <section className="view">
      <header className="view-header">
        <div>
          <h1>Models</h1>
          <p className="muted">Registered model versions, their lineage and aliases.</p>
        </div>
      </header>
      {error && <ErrorNotice message={error} onRetry={() => void load()} />}
      {!loaded && <Loading what="models" />}
      {loaded && models.length === 0 && !error && (
        <EmptyState title="No models yet">
          <p>
            Open a finished run and choose “Register model”, or import a bundle with <code>cairn models import</code>.
          </p>
        </EmptyState>
      )}
      {models.length > 0 && (
        <div className="table-scroll" tabIndex={0}>
          <table className="data-table" data-testid="models-list">
            <thead>
              <tr>
                <th>Model</th>
                <th className="num">Versions</th>
                <th>Latest</th>
                <th>Aliases</th>
                <th>Created</th>
              </tr>
            </thead>
            <tbody>
              {models.map((m) => {
                const latest = m.versions.reduce((a, v) => Math.max(a, v.version), 0);
                return (
                  <tr key={m.id} data-testid={`model-${m.name}`}>
                    <td className="col-name">
                      <a href={routeHref({ name: 'model', modelName: m.name })}>{m.name}</a>
                    </td>
                    <td className="num">{m.versions.length}</td>
                    <td>{latest ? `v${latest}` : '—'}</td>
                    <td>
                      <AliasBadges aliases={m.aliases} />
                    </td>
                    <td>{formatTimestamp(m.createdAt)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
