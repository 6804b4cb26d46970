import { useEffect, useState, type FormEvent } from 'react';
import { useDraft } from '../../lib/useDraft';
import { useShell } from '../shell/shellStore';
import { AppearancePanel } from './AppearancePanel';
import { EnginesPanel } from './EnginesPanel';
import { useSettings } from './settingsStore';

/** Compute price (for run and sweep costs), the labeler's name, the MLflow-compatible API, and the engines found here. */
export function SettingsView() {
  const { settings, error, saving, load, save } = useSettings();
  const transport = useShell((s) => s.info?.transport);
  // Each field follows the stored settings until the user edits it: a reload on `changed` (this
  // form's own save echoed back, or another writer) never overwrites what they are typing.
  const price = useDraft(settings ? String(settings.pricePerHour) : '');
  const currency = useDraft(settings?.currency ?? '');
  const labeler = useDraft(settings?.labelerName ?? '');
  const mlflowOn = useDraft(settings?.mlflowServer.enabled ?? false);
  const mlflowPort = useDraft(settings ? String(settings.mlflowServer.port) : '');
  const pushTo = useDraft(settings?.pushTo ?? '');
  const pipelinesOn = useDraft(settings?.pipelinesEnabled ?? false);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    void load();
  }, [load]);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    const ok = await save({
      pricePerHour: Number(price.value),
      currency: currency.value,
      labelerName: labeler.value,
      mlflowServer: { enabled: mlflowOn.value, port: Number(mlflowPort.value) },
      pushTo: pushTo.value.trim() || null,
      pipelinesEnabled: pipelinesOn.value,
    });
    setSaved(ok);
  };

  if (!settings) return <p className="muted">{error ?? 'Loading…'}</p>;
  return (
    <section className="view">
      <header className="view-header">
        <h1>Settings</h1>
      </header>
      <form className="card settings-form" data-testid="settings-form" onSubmit={onSubmit}>
        <h2>Cost</h2>
        <p className="muted">What an hour of compute costs on this machine. Runs, experiments and sweeps show their cost at this price.</p>
        <div className="form-grid">
          <div className="field">
            <label htmlFor="price-per-hour">Price per hour</label>
            <input
              id="price-per-hour"
              data-testid="price-per-hour"
              type="number"
              min="0"
              step="any"
              value={price.value}
              onChange={(e) => price.set(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="currency">Currency</label>
            <input id="currency" data-testid="currency" value={currency.value} maxLength={8} onChange={(e) => currency.set(e.target.value)} />
          </div>
        </div>
        <h2>Labeling</h2>
        <div className="form-grid">
          <div className="field field-wide">
            <label htmlFor="labeler-name">Your name, recorded with your labels</label>
            <input id="labeler-name" data-testid="labeler-name" value={labeler.value} onChange={(e) => labeler.set(e.target.value)} />
          </div>
        </div>
        <h2>MLflow-compatible tracking API</h2>
        <p className="muted">
          Scripts using the Python <code>mlflow</code> client log into Cairn with <code>MLFLOW_TRACKING_URI=http://127.0.0.1:{mlflowPort.value || '5000'}</code>{' '}
          and <code>MLFLOW_TRACKING_TOKEN</code> set to the output of <code>cairn token</code>.{' '}
          {transport === 'http' ? (
            <>
              This page is served by <code>cairn serve</code>, which always answers that API on its own port.
            </>
          ) : null}
        </p>
        <div className="form-grid">
          <label className="checkbox-label">
            <input type="checkbox" data-testid="mlflow-enabled" checked={mlflowOn.value} onChange={(e) => mlflowOn.set(e.target.checked)} />
            Answer the MLflow API from the desktop app
          </label>
          <div className="field">
            <label htmlFor="mlflow-port">Port</label>
            <input
              id="mlflow-port"
              data-testid="mlflow-port"
              type="number"
              min="1"
              max="65535"
              value={mlflowPort.value}
              onChange={(e) => mlflowPort.set(e.target.value)}
            />
          </div>
        </div>
        <h2>Team tracking server</h2>
        <p className="muted">
          Each run is pushed to this MLflow tracking server when it ends, as <code>cairn push --to</code> does, with the credentials in{' '}
          <code>MLFLOW_TRACKING_TOKEN</code> (or <code>MLFLOW_TRACKING_USERNAME</code> and <code>MLFLOW_TRACKING_PASSWORD</code>). A push that fails is logged
          and the run is unaffected.
        </p>
        <div className="form-grid">
          <div className="field field-wide">
            <label htmlFor="push-to">Push finished runs to (empty: don't)</label>
            <input
              id="push-to"
              data-testid="push-to"
              type="url"
              placeholder="http://mlflow.internal:5000"
              value={pushTo.value}
              onChange={(e) => pushTo.set(e.target.value)}
            />
          </div>
        </div>
        <h2>Pipelines</h2>
        <p className="muted">
          While {transport === 'http' ? <code>cairn serve</code> : 'the app'} is open, it runs every pipeline on the <a href="#/pipelines">Pipelines</a> page on
          its trigger (new files, dataset versions, schedules), as <code>cairn pipeline watch</code> does. A CLI watcher on the same spec may run too: each
          trigger starts one run.
        </p>
        <div className="form-grid">
          <label className="checkbox-label">
            <input
              type="checkbox"
              role="switch"
              data-testid="pipelines-enabled"
              checked={pipelinesOn.value}
              onChange={(e) => pipelinesOn.set(e.target.checked)}
            />
            Run pipelines on their triggers while open
          </label>
        </div>
        {error && (
          <p className="field-error" role="alert" data-testid="settings-error">
            {error}
          </p>
        )}
        {saved && !error && (
          <p className="success" data-testid="settings-saved">
            Saved.
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" data-testid="save-settings" disabled={saving}>
            {saving ? 'Saving…' : 'Save'}
          </button>
        </div>
      </form>
      <AppearancePanel />
      <EnginesPanel />
    </section>
  );
}
