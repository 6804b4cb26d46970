import type { Route } from '../../lib/route';
import { routeHref } from '../../lib/route';
import { useShell } from './shellStore';

export function Sidebar({ route }: { route: Route }) {
  const experiments = useShell((s) => s.experiments);
  const error = useShell((s) => s.experimentsError);
  const totalRuns = experiments.reduce((n, e) => n + e.runCount, 0);
  const isAll = route.name === 'runs' && route.experimentId === null;

  return (
    <nav className="sidebar" aria-label="Main">
      <a className="btn btn-primary btn-block" href="#/new-run" data-testid="new-run-button">
        + New run
      </a>
      <h2 className="nav-heading">Experiments</h2>
      <ul className="nav-list" data-testid="experiments-list">
        <li>
          <a href="#/experiments" className={isAll ? 'active' : undefined}>
            <span>All runs</span>
            <span className="count">{totalRuns}</span>
          </a>
        </li>
        {experiments.map((x) => (
          <li key={x.id}>
            <a
              href={routeHref({ name: 'runs', experimentId: x.id })}
              className={route.name === 'runs' && route.experimentId === x.id ? 'active' : undefined}
              data-testid={`experiment-${x.id}`}
              title={x.name}
            >
              <span className="ellipsis">{x.name}</span>
              <span className="count">{x.runCount}</span>
            </a>
          </li>
        ))}
        {error && <li className="field-error">{error}</li>}
      </ul>
      {/* Sweeps are runs of an experiment, searched over a space: they belong with the experiments. */}
      <ul className="nav-list">
        <li>
          <a href="#/sweeps" className={['sweeps', 'new-sweep', 'sweep'].includes(route.name) ? 'active' : undefined} data-testid="nav-sweeps">
            Sweeps
          </a>
        </li>
      </ul>
      <h2 className="nav-heading">Data</h2>
      <ul className="nav-list">
        <li>
          <a
            href="#/datasets"
            className={route.name === 'datasets' || route.name === 'dataset' || route.name === 'labeling' ? 'active' : undefined}
            data-testid="nav-datasets"
          >
            Datasets
          </a>
        </li>
        <li>
          <a href="#/monitoring" className={route.name === 'monitoring' ? 'active' : undefined} data-testid="nav-monitoring">
            Drift
          </a>
        </li>
        <li>
          <a href="#/monitoring/timeline" className={route.name === 'timeline' ? 'active' : undefined} data-testid="nav-timeline">
            Timeline
          </a>
        </li>
      </ul>
      <h2 className="nav-heading">Models</h2>
      <ul className="nav-list">
        <li>
          <a href="#/models" className={route.name === 'models' || route.name === 'model' ? 'active' : undefined} data-testid="nav-models">
            Models
          </a>
        </li>
        <li>
          <a href="#/pipelines" className={route.name === 'pipelines' || route.name === 'pipeline-run' ? 'active' : undefined} data-testid="nav-pipelines">
            Pipelines
          </a>
        </li>
      </ul>
      <ul className="nav-list nav-bottom">
        <li>
          <a href="#/settings" className={route.name === 'settings' ? 'active' : undefined} data-testid="nav-settings">
            Settings
          </a>
        </li>
      </ul>
    </nav>
  );
}
