import { useState, type FormEvent } from 'react';
import type { ModelVersionInfo } from '../../../../shared/api/calls/models';
import { routeHref } from '../../lib/route';
import { useModels } from '../models/modelsStore';

/** "Register model": a finished run's weights become the next version of a named model. */
export function RegisterModel({ runId, suggestedName, onClose }: { runId: string; suggestedName: string; onClose(): void }) {
  const register = useModels((s) => s.register);
  const [name, setName] = useState(suggestedName);
  const [description, setDescription] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [registered, setRegistered] = useState<ModelVersionInfo | null>(null);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const r = await register({ runId, name: name.trim(), description: description.trim() });
    setBusy(false);
    if (r.ok) setRegistered(r.version);
    else setError(r.message);
  };

  if (registered) {
    return (
      <section className="card register-form">
        <p className="success" data-testid="register-result" data-model={registered.model} data-version={registered.version}>
          Registered as{' '}
          <a href={routeHref({ name: 'model', modelName: registered.model })}>
            {registered.model} v{registered.version}
          </a>
        </p>
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            Close
          </button>
        </div>
      </section>
    );
  }

  return (
    <form className="card register-form" data-testid="register-form" onSubmit={onSubmit}>
      <h2>Register this run's model</h2>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="register-name">Model name</label>
          <input id="register-name" data-testid="register-name" value={name} required autoFocus onChange={(e) => setName(e.target.value)} />
          <span className="field-hint">A new name creates the model; an existing one gets the next version</span>
        </div>
        <div className="field field-wide">
          <label htmlFor="register-description">Description</label>
          <input
            id="register-description"
            data-testid="register-description"
            value={description}
            placeholder="What this version is"
            onChange={(e) => setDescription(e.target.value)}
          />
        </div>
      </div>
      {error && (
        <p className="field-error" role="alert" data-testid="register-error">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="btn" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="btn btn-primary" data-testid="confirm-register" disabled={busy || !name.trim()}>
          {busy ? 'Registering…' : 'Register'}
        </button>
      </div>
    </form>
  );
}
