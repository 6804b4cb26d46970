import type { StoreChange } from '../../../../shared/api/contract';
import { parseRoute } from '../../lib/route';
import { useDatasetDetail } from '../datasets/datasetDetailStore';
import { useDatasets } from '../datasets/datasetsStore';
import { useLabeling } from '../labeling/labelingStore';
import { useModels } from '../models/modelsStore';
import { useDrift } from '../monitoring/driftStore';
import { usePipelines } from '../pipelines/pipelinesStore';
import { useRunDetail } from '../run-detail/runDetailStore';
import { useRuns } from '../runs/runsStore';
import { useSettings } from '../settings/settingsStore';
import { refreshExperimentsSoon } from './shellStore';

// Which tables each page shows, and how it refreshes when the store says they changed (anyone's
// write: this window, another one, the CLI). The one place the renderer follows `changed`.

const DATASETS = ['datasets', 'dataset_versions'];
const SPLITS = ['version_splits', 'version_split_specs'];
/** Keyed by item, so the workspace reloads just those. */
const LABELS = ['current_labels', 'annotations', 'reviews', 'label_suggestions', 'label_suggestion_sets', 'label_issues'];
const MODELS = ['models', 'model_versions', 'model_aliases', 'model_alias_history', 'evaluations'];
const PIPELINES = ['pipelines', 'pipeline_runs', 'pipeline_steps', 'pipeline_approvals'];
/** MLflow 3 models a script logs from a run: the model (keyed by its id), its files (by model), its links to runs (by run). */
const LOGGED_MODELS = ['logged_models', 'logged_model_files', 'run_model_outputs', 'run_model_inputs'];

/** Bursts of writes (an import's chunks, a labeler's keystrokes) cost one reload per page. */
const SOON_MS = 300;
/** Another process's training writes its progress many times a second; the runs table needs less. */
const RUNS_MS = 1000;
/** Labeling saves arrive one item at a time; the dataset page's counts need one refresh per burst. */
const LABEL_COUNTS_MS = 500;

const timers = new Map<string, ReturnType<typeof setTimeout>>();
function soon(name: string, ms: number, fn: () => void): void {
  if (timers.has(name)) return;
  timers.set(
    name,
    setTimeout(() => {
      timers.delete(name);
      fn();
    }, ms),
  );
}

let labelItems: Set<number> | 'all' = new Set();

export function applyStoreChange(change: StoreChange): void {
  const touched = (tables: string[]) => tables.some((t) => change.tables.includes(t));
  /** The keys written to these tables, or 'all' when some write did not say which rows. */
  const keys = (tables: string[]): Set<string | number> | 'all' => {
    const out = new Set<string | number>();
    for (const t of tables) {
      if (!change.tables.includes(t)) continue;
      const ids = change.ids[t];
      if (!ids) return 'all';
      for (const id of ids) out.add(id);
    }
    return out;
  };
  const route = parseRoute(window.location.hash);

  if (touched(DATASETS)) {
    soon('datasets', SOON_MS, () => {
      if (useDatasets.getState().loaded) void useDatasets.getState().load();
      if (useDrift.getState().versionsLoaded) void useDrift.getState().loadVersions();
    });
  }

  if (route.name === 'dataset' && useDatasetDetail.getState().datasetId === route.datasetId) {
    const datasets = keys(DATASETS);
    if (touched(SPLITS) || (touched(DATASETS) && (datasets === 'all' || datasets.has(route.datasetId)))) {
      soon('dataset', SOON_MS, () => {
        const detail = useDatasetDetail.getState();
        void Promise.all([detail.loadDetail(), detail.loadSplits()]);
      });
    }
    if (touched([...LABELS, 'label_schemas'])) soon('dataset-labels', LABEL_COUNTS_MS, () => void useDatasetDetail.getState().loadLabeling());
  }

  if (route.name === 'labeling' && touched([...LABELS, 'label_schemas'])) {
    const items = keys(LABELS);
    if (items === 'all' || labelItems === 'all') labelItems = 'all';
    else for (const id of items) if (typeof id === 'number') labelItems.add(id);
    soon('labeling', SOON_MS, () => {
      const { session, loadStatus } = useLabeling.getState();
      const batch = labelItems;
      labelItems = new Set();
      if (!session) return;
      const ids = batch === 'all' ? session.loadedIndexes().map((i) => session.item(i)!.entry.itemId) : [...batch];
      void session.refresh(ids);
      void loadStatus();
    });
  }

  // This process's run writes arrive as run.status with the row; another's only as a change.
  if (change.external && touched(['runs']) && useRuns.getState().total !== null) soon('runs', RUNS_MS, () => useRuns.getState().refresh());
  if (touched(['experiments'])) refreshExperimentsSoon();

  // Another process's run (a CLI training, a script through another server) reaches the open run
  // page only as changes: its row and its metrics, keyed by run, reloaded at the runs table's pace.
  if (route.name === 'run' && change.external && useRunDetail.getState().runId === route.runId) {
    const hit = (k: Set<string | number> | 'all') => k === 'all' || k.has(route.runId);
    if (touched(['runs']) && hit(keys(['runs']))) soon('run', RUNS_MS, () => void useRunDetail.getState().reloadRun());
    if (touched(['metrics']) && hit(keys(['metrics']))) soon('run-metrics', RUNS_MS, () => void useRunDetail.getState().reloadMetrics());
  }

  // A script logging a model to the open run (create, upload, finalize) writes from the serving
  // process or another one: the run page lists it as it goes. A model's id is new when it is
  // created, so any model row written may be this run's; files are checked against the ones shown.
  if (route.name === 'run' && touched(LOGGED_MODELS)) {
    const run = useRunDetail.getState().run;
    const links = keys(['run_model_outputs', 'run_model_inputs']);
    const files = keys(['logged_model_files']);
    const mine =
      touched(['logged_models']) || links === 'all' || links.has(route.runId) || files === 'all' || (run?.loggedModels ?? []).some((m) => files.has(m.id));
    if (run?.id === route.runId && mine) soon('run', SOON_MS, () => void useRunDetail.getState().reloadRun());
  }

  if (touched(['settings']) && useSettings.getState().settings) soon('settings', SOON_MS, () => void useSettings.getState().load());

  // A running step writes its log line by line: the page follows it live, one reload per burst.
  if (touched(PIPELINES)) {
    if (usePipelines.getState().loaded) soon('pipelines', SOON_MS, () => void usePipelines.getState().load());
    // Runs and steps are keyed by run (an approval comes with its step's write).
    const runs = keys(['pipeline_runs', 'pipeline_steps']);
    if (route.name === 'pipeline-run' && (runs === 'all' || runs.has(route.pipelineRunId))) {
      soon('pipeline-run', SOON_MS, () => void usePipelines.getState().loadRun(route.pipelineRunId));
    }
  }

  if (touched(MODELS)) {
    soon('models', SOON_MS, () => {
      const models = useModels.getState();
      if (models.loaded) void models.load();
      if (route.name === 'model' && models.detail?.name === route.modelName) void models.loadDetail(route.modelName);
    });
  }
}
