import type { Route } from '../../lib/route';

export function LabelingView({ route }: { route: Extract<Route, { name: 'labeling' }> }) {
  return <section className="view" data-testid={`labeling-${route.datasetId}`} />;
}
