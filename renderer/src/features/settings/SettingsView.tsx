import { useEffect, useState, type FormEvent } from 'react';
import { useShell } from '../shell/shellStore';
import { AppearancePanel } from './AppearancePanel';
import { EnginesPanel } from './EnginesPanel';
import { useSettings } from './settingsStore';

/** Compute price (for run and sweep costs), the labeler's name, the MLflow-compatible API, and the engines found here. */
export function SettingsView() {
  const { settings, error, saving, load, save } = useSettings();
  const transport = useShell((s) => s.info?.transport);
  const [price, setPrice] = useState('');
  const [currency, setCurrency] = useState('');
  const [labeler, setLabeler] = useState('');
  const [mlflowOn, setMlflowOn] = useState(false);
  const [mlflowPort, setMlflowPort] = useState('');
  const [pushTo, setPushTo] = useState('');
  const [pipelinesOn, setPipelinesOn] = useState(false);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (!settings) return;
    setPrice(String(settings.pricePerHour));
    setCurrency(settings.currency);
    setLabeler(settings.labelerName);
    setMlflowOn(settings.mlflowServer.enabled);
    setMlflowPort(String(settings.mlflowServer.port));
    setPushTo(settings.pushTo ?? '');
    setPipelinesOn(settings.pipelinesEnabled);
  }, [settings]);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    const ok = await save({ pricePerHour: Number(price), currency, labelerName: labeler, mlflowServer: { enabled: mlflowOn, port: Number(mlflowPort) }, pushTo: pushTo.trim() || null, pipelinesEnabled: pipelinesOn });
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
            <input id="price-per-hour" data-testid="price-per-hour" type="number" min="0" step="any" value={price} onChange={(e) => setPrice(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="currency">Currency</label>
            <input id="currency" data-testid="currency" value={currency} maxLength={8} onChange={(e) => setCurrency(e.target.value)} />
          </div>
        </div>
        <h2>Labeling</h2>
        <div className="form-grid">
          <div className="field field-wide">
            <label htmlFor="labeler-name">Your name, recorded with your labels</label>
            <input id="labeler-name" data-testid="labeler-name" value={labeler} onChange={(e) => setLabeler(e.target.value)} />
          </div>
        </div>
        <h2>MLflow-compatible tracking API</h2>
        <p className="muted">
          Scripts using the Python <code>mlflow</code> client log into Cairn with <code>MLFLOW_TRACKING_URI=http://127.0.0.1:{mlflowPort || '5000'}</code> and{' '}
          <code>MLFLOW_TRACKING_TOKEN</code> set to the output of <code>cairn token</code>.{' '}
          {transport === 'http' ? <>This page is served by <code>cairn serve</code>, which always answers that API on its own port.</> : null}
        </p>
        <div className="form-grid">
          <label className="checkbox-label">
            <input type="checkbox" data-testid="mlflow-enabled" checked={mlflowOn} onChange={(e) => setMlflowOn(e.target.checked)} />
            Answer the MLflow API from the desktop app
          </label>
          <div className="field">
            <label htmlFor="mlflow-port">Port</label>
            <input id="mlflow-port" data-testid="mlflow-port" type="number" min="1" max="65535" value={mlflowPort} onChange={(e) => setMlflowPort(e.target.value)} />
          </div>
        </div>
        <h2>Team tracking server</h2>
        <p className="muted">
          Each run is pushed to this MLflow tracking server when it ends, as <code>cairn push --to</code> does, with the credentials in{' '}
          <code>MLFLOW_TRACKING_TOKEN</code> (or <code>MLFLOW_TRACKING_USERNAME</code> and <code>MLFLOW_TRACKING_PASSWORD</code>). A push that fails is logged and the run is unaffected.
        </p>
        <div className="form-grid">
          <div className="field field-wide">
            <label htmlFor="push-to">Push finished runs to (empty: don't)</label>
            <input id="push-to" data-testid="push-to" type="url" placeholder="http://mlflow.internal:5000" value={pushTo} onChange={(e) => setPushTo(e.target.value)} />
          </div>
        </div>
        <h2>Pipelines</h2>
        <p className="muted">
          While {transport === 'http' ? <code>cairn serve</code> : 'the app'} is open, it runs every pipeline on the <a href="#/pipelines">Pipelines</a> page on its trigger (new files, dataset versions,
          schedules), as <code>cairn pipeline watch</code> does. A CLI watcher on the same spec may run too: each trigger starts one run.
        </p>
        <div className="form-grid">
          <label className="checkbox-label">
            <input type="checkbox" role="switch" data-testid="pipelines-enabled" checked={pipelinesOn} onChange={(e) => setPipelinesOn(e.target.checked)} />
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
