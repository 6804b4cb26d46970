import type { Route } from '../../lib/route';

/** Names of the objects pages show, when their stores have them; ids stand in until they do. */
export interface TitleNames {
  run?: string;
  dataset?: string;
  sweep?: string;
  experiment?: string;
}

/** The window's title: the page, and on an object's page its name, so tabs and history tell pages apart. */
export function pageTitle(route: Route, names: TitleNames = {}): string {
  return `${pageName(route, names)} · Cairn`;
}

function pageName(route: Route, n: TitleNames): string {
  switch (route.name) {
    case 'runs':
      return route.experimentId === null ? 'All runs' : `Runs of ${n.experiment ?? `experiment ${route.experimentId}`}`;
    case 'run':
      return `Run ${n.run ?? route.runId.slice(0, 8)}`;
    case 'compare':
      return `Compare ${route.runIds.length} runs`;
    case 'datasets':
      return 'Datasets';
    case 'dataset':
      return `Dataset ${n.dataset ?? route.datasetId}`;
    case 'labeling':
      return `Label ${n.dataset ?? `dataset ${route.datasetId}`}`;
    case 'new-run':
      return 'New run';
    case 'monitoring':
      return 'Drift';
    case 'timeline':
      return 'Timeline';
    case 'sweeps':
      return 'Sweeps';
    case 'new-sweep':
      return 'New sweep';
    case 'sweep':
      return `Sweep ${n.sweep ?? route.sweepId}`;
    case 'models':
      return 'Models';
    case 'model':
      return `Model ${route.modelName}`;
    case 'settings':
      return 'Settings';
    case 'new-evaluation':
      return 'Evaluate a model';
    case 'evaluation':
      return `Evaluation #${route.evaluationId}`;
    case 'pipelines':
      return 'Pipelines';
    case 'pipeline-run':
      return `Pipeline run #${route.pipelineRunId}`;
    case 'not-found':
      return 'Not found';
  }
}
