import type { RunLoggedModel } from '../../../../shared/domain';

const STATUS: Record<RunLoggedModel['status'], { label: string; className: string }> = {
  LOGGED_MODEL_PENDING: { label: 'uploading', className: 'status-running' },
  LOGGED_MODEL_READY: { label: 'ready', className: 'status-finished' },
  LOGGED_MODEL_UPLOAD_FAILED: { label: 'upload failed', className: 'status-failed' },
};

/** The models an MLflow 3 script logged from this run (mlflow.<flavor>.log_model): what it wrote, not a runnable model. */
export function RunLoggedModels({ models }: { models: RunLoggedModel[] }) {
  if (models.length === 0) return null;
  return (
    <section className="card" data-testid="run-logged-models">
      <h2>Logged models</h2>
      {models.map((m) => (
        <div key={m.id} className="logged-model" data-testid="logged-model">
          <dl className="facts">
            <dt>Name</dt>
            <dd>
              {m.name} <span className={`status-badge ${STATUS[m.status].className}`}>{STATUS[m.status].label}</span>
            </dd>
            <dt>Model id</dt>
            <dd className="mono wrap">{m.id}</dd>
            {m.modelType && (
              <>
                <dt>Type</dt>
                <dd>{m.modelType}</dd>
              </>
            )}
            <dt>Files</dt>
            <dd>
              {m.files.length === 0 ? (
                <span className="muted">none uploaded</span>
              ) : (
                <ul className="logged-model-files">
                  {m.files.map((f) => (
                    <li key={f.name}>
                      <code>{f.name}</code> <span className="muted">{f.size.toLocaleString()} bytes</span>
                    </li>
                  ))}
                </ul>
              )}
            </dd>
          </dl>
          {m.mlmodel !== null && (
            <details>
              <summary>MLmodel</summary>
              <pre className="logged-model-mlmodel" tabIndex={0}>
                {m.mlmodel}
              </pre>
            </details>
          )}
        </div>
      ))}
    </section>
  );
}
