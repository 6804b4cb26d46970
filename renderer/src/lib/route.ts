// Hash routes: the bundle is loaded from app:// and from http alike, so the path can't carry state.

export type Route =
  /** `filter` is the applied runs filter, kept in the hash so it survives a reload. */
  | { name: 'runs'; experimentId: number | null; filter?: string }
  | { name: 'run'; runId: string }
  | { name: 'compare'; runIds: string[] }
  | { name: 'datasets' }
  | { name: 'dataset'; datasetId: number }
  /** The labeling workspace; `queue` is a QueueFilter kind, `positions` picks items (a quality finding), `view` the single-item or grid view. */
  | { name: 'labeling'; datasetId: number; queue: string; value: string | null; positions: number[] | null; view: 'item' | 'grid' | 'review' }
  /** `cloneOf` opens the form with that run's settings (the Clone action); without it, the defaults. */
  | { name: 'new-run'; cloneOf?: string }
  | { name: 'monitoring' }
  | { name: 'timeline' }
  | { name: 'sweeps' }
  | { name: 'new-sweep' }
  | { name: 'sweep'; sweepId: number }
  | { name: 'models' }
  | { name: 'model'; modelName: string }
  | { name: 'settings' }
  /** `runId` prefills the model (the "Evaluate" button on a run's page). */
  | { name: 'new-evaluation'; runId: string | null }
  | { name: 'evaluation'; evaluationId: number }
  | { name: 'pipelines' }
  | { name: 'pipeline-run'; pipelineRunId: number }
  | { name: 'not-found'; hash: string };

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const [pathPart, queryPart = ''] = raw.split('?', 2);
  const segments = pathPart.split('/').filter(Boolean).map(safeDecode);
  const query = new URLSearchParams(queryPart);

  const filter = query.get('filter') ?? '';
  const runs = (experimentId: number | null): Route => (filter ? { name: 'runs', experimentId, filter } : { name: 'runs', experimentId });

  if (segments.length === 0) return runs(null);
  const [head, arg] = segments;
  switch (head) {
    case 'experiments': {
      if (arg === undefined) return runs(null);
      const id = Number(arg);
      return Number.isInteger(id) ? runs(id) : { name: 'not-found', hash };
    }
    case 'runs':
      return arg ? { name: 'run', runId: arg } : runs(null);
    case 'compare': {
      const ids = (query.get('ids') ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      return { name: 'compare', runIds: [...new Set(ids)] };
    }
    case 'datasets': {
      if (arg === undefined) return { name: 'datasets' };
      const id = Number(arg);
      if (!Number.isInteger(id)) return { name: 'not-found', hash };
      if (segments[2] === 'label') {
        const view = query.get('view');
        const positions = query.get('positions');
        return {
          name: 'labeling',
          datasetId: id,
          queue: query.get('queue') || (positions ? 'positions' : 'all'),
          value: query.get('value'),
          positions: positions
            ? positions
                .split(',')
                .map(Number)
                .filter((n) => Number.isInteger(n) && n >= 0)
            : null,
          view: view === 'grid' || view === 'review' ? view : 'item',
        };
      }
      return segments.length === 2 ? { name: 'dataset', datasetId: id } : { name: 'not-found', hash };
    }
    case 'new-run': {
      const cloneOf = query.get('clone');
      return cloneOf ? { name: 'new-run', cloneOf } : { name: 'new-run' };
    }
    case 'monitoring':
      return arg === 'timeline' ? { name: 'timeline' } : { name: 'monitoring' };
    case 'sweeps': {
      if (arg === undefined) return { name: 'sweeps' };
      if (arg === 'new') return { name: 'new-sweep' };
      const id = Number(arg);
      return Number.isInteger(id) ? { name: 'sweep', sweepId: id } : { name: 'not-found', hash };
    }
    case 'models':
      return arg ? { name: 'model', modelName: arg } : { name: 'models' };
    case 'settings':
      return { name: 'settings' };
    case 'evaluations': {
      if (arg === 'new') return { name: 'new-evaluation', runId: query.get('run') || null };
      const id = Number(arg);
      return arg !== undefined && Number.isInteger(id) ? { name: 'evaluation', evaluationId: id } : { name: 'not-found', hash };
    }
    case 'pipelines': {
      if (arg === undefined) return { name: 'pipelines' };
      const id = Number(segments[2]);
      return arg === 'runs' && segments.length === 3 && Number.isInteger(id) && id > 0
        ? { name: 'pipeline-run', pipelineRunId: id }
        : { name: 'not-found', hash };
    }
    default:
      return { name: 'not-found', hash };
  }
}

export function routeHref(route: Route): string {
  switch (route.name) {
    case 'runs': {
      const path = route.experimentId === null ? '#/experiments' : `#/experiments/${route.experimentId}`;
      return route.filter ? `${path}?filter=${encodeURIComponent(route.filter)}` : path;
    }
    case 'run':
      return `#/runs/${encodeURIComponent(route.runId)}`;
    case 'compare':
      return `#/compare?ids=${route.runIds.map(encodeURIComponent).join(',')}`;
    case 'datasets':
      return '#/datasets';
    case 'dataset':
      return `#/datasets/${route.datasetId}`;
    case 'labeling': {
      const q = new URLSearchParams();
      if (route.queue !== 'all' && !(route.queue === 'positions' && route.positions)) q.set('queue', route.queue);
      if (route.value !== null) q.set('value', route.value);
      if (route.positions) q.set('positions', route.positions.join(','));
      if (route.view !== 'item') q.set('view', route.view);
      const qs = q.toString().replace(/%2C/g, ',');
      return `#/datasets/${route.datasetId}/label${qs ? `?${qs}` : ''}`;
    }
    case 'new-run':
      return route.cloneOf ? `#/new-run?clone=${encodeURIComponent(route.cloneOf)}` : '#/new-run';
    case 'monitoring':
      return '#/monitoring';
    case 'sweeps':
      return '#/sweeps';
    case 'new-sweep':
      return '#/sweeps/new';
    case 'sweep':
      return `#/sweeps/${route.sweepId}`;
    case 'models':
      return '#/models';
    case 'model':
      return `#/models/${encodeURIComponent(route.modelName)}`;
    case 'settings':
      return '#/settings';
    case 'timeline':
      return '#/monitoring/timeline';
    case 'new-evaluation':
      return route.runId ? `#/evaluations/new?run=${encodeURIComponent(route.runId)}` : '#/evaluations/new';
    case 'evaluation':
      return `#/evaluations/${route.evaluationId}`;
    case 'pipelines':
      return '#/pipelines';
    case 'pipeline-run':
      return `#/pipelines/runs/${route.pipelineRunId}`;
    case 'not-found':
      return route.hash;
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
