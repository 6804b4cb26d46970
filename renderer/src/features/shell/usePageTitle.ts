import { useEffect } from 'react';
import type { Route } from '../../lib/route';
import { useDatasetDetail } from '../datasets/datasetDetailStore';
import { useDatasets } from '../datasets/datasetsStore';
import { useRunDetail } from '../run-detail/runDetailStore';
import { useSweeps } from '../sweeps/sweepsStore';
import { pageTitle } from './pageTitle';
import { useShell } from './shellStore';

/** Keeps document.title on the current page and, once loaded, the name of what it shows. */
export function usePageTitle(route: Route): void {
  const run = useRunDetail((s) => (route.name === 'run' && s.run?.id === route.runId ? s.run.name || undefined : undefined));
  const datasetId = route.name === 'dataset' || route.name === 'labeling' ? route.datasetId : null;
  const detailName = useDatasetDetail((s) => (s.datasetId === datasetId ? s.detail.value?.name : undefined));
  const listedName = useDatasets((s) => s.datasets.find((d) => d.id === datasetId)?.name);
  const sweep = useSweeps((s) => (route.name === 'sweep' ? [s.detail, ...s.sweeps].find((x) => x?.id === route.sweepId)?.name : undefined));
  const experiment = useShell((s) => (route.name === 'runs' ? s.experiments.find((e) => e.id === route.experimentId)?.name : undefined));
  const title = pageTitle(route, { run, dataset: detailName ?? listedName, sweep, experiment });
  useEffect(() => {
    document.title = title;
  }, [title]);
}
