import { useEffect, type MouseEvent } from 'react';
import { useConnection } from './api/connection';
import { EmptyState } from './components/Notice';
import { CompareView } from './features/compare/CompareView';
import { DatasetDetailView } from './features/datasets/DatasetDetailView';
import { DatasetsView } from './features/datasets/DatasetsView';
import { LabelingView } from './features/labeling/LabelingView';
import { ModelDetailView } from './features/models/ModelDetailView';
import { ModelsView } from './features/models/ModelsView';
import { DriftView } from './features/monitoring/DriftView';
import { EvaluationView } from './features/evaluation/EvaluationView';
import { NewEvaluationView } from './features/evaluation/NewEvaluationView';
import { NewRunView } from './features/new-run/NewRunView';
import { PipelineRunView } from './features/pipelines/PipelineRunView';
import { PipelinesView } from './features/pipelines/PipelinesView';
import { RunDetailView } from './features/run-detail/RunDetailView';
import { RunsView } from './features/runs/RunsView';
import { SettingsView } from './features/settings/SettingsView';
import { TimelineView } from './features/timeline/TimelineView';
import { AuthScreen } from './features/shell/AuthScreen';
import { EngineBadge } from './features/shell/EngineBadge';
import { Sidebar } from './features/shell/Sidebar';
import { useShell } from './features/shell/shellStore';
import { useLiveEvents } from './features/shell/useLiveEvents';
import { usePageTitle } from './features/shell/usePageTitle';
import { NewSweepView } from './features/sweeps/NewSweepView';
import { SweepDetailView } from './features/sweeps/SweepDetailView';
import { SweepsView } from './features/sweeps/SweepsView';
import type { Route } from './lib/route';
import { useRoute } from './lib/useRoute';

export function App() {
  const auth = useConnection((s) => s.auth);
  const route = useRoute();
  const authed = auth === 'ok';
  useLiveEvents(authed);
  usePageTitle(route);

  const resyncs = useConnection((s) => s.resyncs);
  useEffect(() => {
    if (!authed) return;
    void useShell.getState().loadInfo();
    void useShell.getState().loadExperiments();
  }, [authed, resyncs]);

  if (!authed) return <AuthScreen reason={auth} />;

  return (
    <div className="app">
      <a className="skip-link" href="#content" onClick={skipToContent}>
        Skip to content
      </a>
      <AppHeader />
      <Sidebar route={route} />
      <main className="content" id="content" tabIndex={-1}>
        <CurrentView route={route} />
      </main>
      <AppFooter />
    </div>
  );
}

/** The routes live in the hash, so the skip link moves focus itself instead of navigating to #content. */
function skipToContent(e: MouseEvent): void {
  e.preventDefault();
  document.getElementById('content')?.focus();
}

function CurrentView({ route }: { route: Route }) {
  switch (route.name) {
    case 'runs':
      return <RunsView experimentId={route.experimentId} filter={route.filter ?? ''} />;
    case 'run':
      return <RunDetailView runId={route.runId} />;
    case 'compare':
      return <CompareView runIds={route.runIds} />;
    case 'datasets':
      return <DatasetsView />;
    case 'dataset':
      return <DatasetDetailView datasetId={route.datasetId} />;
    case 'labeling':
      return <LabelingView route={route} />;
    case 'new-run':
      return <NewRunView cloneOf={route.cloneOf} />;
    case 'monitoring':
      return <DriftView />;
    case 'sweeps':
      return <SweepsView />;
    case 'new-sweep':
      return <NewSweepView />;
    case 'sweep':
      return <SweepDetailView sweepId={route.sweepId} />;
    case 'models':
      return <ModelsView />;
    case 'model':
      return <ModelDetailView name={route.modelName} />;
    case 'settings':
      return <SettingsView />;
    case 'timeline':
      return <TimelineView />;
    case 'new-evaluation':
      return <NewEvaluationView runId={route.runId} />;
    case 'evaluation':
      return <EvaluationView evaluationId={route.evaluationId} />;
    case 'pipelines':
      return <PipelinesView />;
    case 'pipeline-run':
      return <PipelineRunView runId={route.pipelineRunId} />;
    case 'not-found':
      return (
        <EmptyState title="Nothing here">
          <p className="mono">{route.hash}</p>
          <a className="btn" href="#/experiments">
            Go to runs
          </a>
        </EmptyState>
      );
  }
}

function AppHeader() {
  const info = useShell((s) => s.info);
  const infoError = useShell((s) => s.infoError);
  const socket = useConnection((s) => s.socket);
  const transport = useConnection((s) => s.transport);
  return (
    <header className="app-header">
      <a className="brand" href="#/experiments">
        <span className="brand-mark" aria-hidden>
          ▲
        </span>
        Cairn
      </a>
      <div className="header-right">
        {transport === 'http' && socket !== 'open' && (
          <span className="live-state" data-testid="live-state" title="Live updates paused until the event socket reconnects">
            {socket === 'connecting' ? 'connecting…' : 'reconnecting…'}
          </span>
        )}
        {infoError && (
          <span className="field-error" title={infoError}>
            Cairn is not answering
          </span>
        )}
        <EngineBadge info={info} />
      </div>
    </header>
  );
}

function AppFooter() {
  const info = useShell((s) => s.info);
  return (
    <footer className="app-footer">
      {info ? (
        <>
          <span>
            Data folder: <code data-testid="data-dir">{info.dataDir}</code>
          </span>
          <span className="muted">
            v{info.version} · {info.transport}
          </span>
        </>
      ) : (
        <span className="muted">Connecting to Cairn…</span>
      )}
    </footer>
  );
}
