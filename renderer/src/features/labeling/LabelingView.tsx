import { useEffect, useMemo } from 'react';
import { ErrorNotice, Loading } from '../../components/Notice';
import { routeHref, type Route } from '../../lib/route';
import { useSettings } from '../settings/settingsStore';
import { GridView } from './GridView';
import { ItemWorkspace } from './ItemWorkspace';
import { useLabeling } from './labelingStore';
import { QueuePicker } from './QueuePicker';
import { filterFromRoute } from './queueFilter';
import { ReviewWorkspace } from './ReviewWorkspace';
import { SchemaEditor } from './SchemaEditor';
import { StatusBar } from './StatusBar';

type LabelingRoute = Extract<Route, { name: 'labeling' }>;

const VIEWS: { view: LabelingRoute['view']; title: string }[] = [
  { view: 'item', title: 'Item' },
  { view: 'grid', title: 'Grid' },
  { view: 'review', title: 'Review' },
];

export function LabelingView({ route }: { route: LabelingRoute }) {
  const positions = route.positions?.join(',');
  const filter = useMemo(() => filterFromRoute(route), [route.queue, route.value, positions]);
  const { session, schema, datasetId, key, datasetName, error, editingSchema, open, editSchema } = useLabeling();
  const labeler = useSettings((s) => s.settings?.labelerName);

  useEffect(() => {
    void open(route.datasetId, filter);
  }, [route.datasetId, filter, open]);

  useEffect(() => {
    if (!useSettings.getState().settings) void useSettings.getState().load();
  }, []);

  // Labels still on their way when the window closes would be lost: ask first.
  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => {
      if (useLabeling.getState().session?.ops.length) e.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, []);

  const ready = session && schema && datasetId === route.datasetId;

  return (
    <section className="view labeling-view" data-testid={`labeling-${route.datasetId}`}>
      <header className="view-header">
        <div>
          <h1>
            Label <a href={`#/datasets/${route.datasetId}`}>{datasetName || `dataset ${route.datasetId}`}</a>
          </h1>
          <p className="muted" data-testid="labeler-name">
            Labeling as {labeler ? <strong>{labeler}</strong> : <>your system user name</>} · <a href="#/settings">change</a>
          </p>
        </div>
        <div className="actions">
          <QueuePicker route={route} />
          <nav className="segmented" aria-label="Workspace view">
            {VIEWS.map((v) => (
              <a key={v.view} href={routeHref({ ...route, view: v.view })} className={route.view === v.view ? 'active' : ''} data-testid={`view-${v.view}`}>
                {v.title}
              </a>
            ))}
          </nav>
          {schema && !editingSchema && (
            <button type="button" className="btn btn-small" data-testid="edit-schema" onClick={() => editSchema(true)}>
              Edit label set
            </button>
          )}
        </div>
      </header>
      {error && <ErrorNotice message={error} />}
      {!ready && !error && <Loading what="the labeling queue" />}
      {ready && (editingSchema || schema.classes.length === 0) && <SchemaEditor schema={schema} />}
      {ready && !editingSchema && schema.classes.length > 0 && (
        <>
          {route.view === 'grid' && <GridView key={key} session={session} schema={schema} route={route} />}
          {route.view === 'review' && <ReviewWorkspace session={session} schema={schema} route={route} />}
          {route.view === 'item' && <ItemWorkspace session={session} schema={schema} route={route} />}
          <StatusBar session={session} />
        </>
      )}
    </section>
  );
}
