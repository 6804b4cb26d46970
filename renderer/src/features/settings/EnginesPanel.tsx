import { useState } from 'react';
import type { EngineCheck } from '../../../../shared/api/calls/app';
import { api } from '../../api';
import { errorMessage } from '../../api/errors';

/** Settings → Engines: what `cairn doctor` says, on request (it loads every engine in a worker, seconds). */
export function EnginesPanel() {
  const [checks, setChecks] = useState<EngineCheck[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const check = async () => {
    setBusy(true);
    setError(null);
    try {
      setChecks(await api.call('app.engines', {}));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" data-testid="engines-panel">
      <h2>Engines</h2>
      <p className="muted">
        Which training engines load on this machine, what they run on, and what would fix the ones that don't. The same as <code>cairn doctor</code>.
      </p>
      <div className="form-actions">
        <button type="button" className="btn" data-testid="check-engines" onClick={check} disabled={busy}>
          {busy ? 'Checking…' : checks ? 'Check again' : 'Check engines'}
        </button>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {checks && (
        <table className="data-table" data-testid="engines-table">
          <thead>
            <tr>
              <th scope="col">Engine</th>
              <th scope="col">Loads</th>
              <th scope="col">Device</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {checks.map((c) => (
              <tr key={c.engine} data-testid={`engine-${c.engine}`} data-available={String(c.available)}>
                <td>
                  {c.engine}
                  {c.chosenByAuto && <span className="muted"> (auto)</span>}
                </td>
                <td>{c.available ? 'yes' : 'no'}</td>
                <td>{c.device ? c.device.toUpperCase() : '–'}</td>
                <td>
                  {c.detail}
                  {c.fix && (
                    <div className="muted" data-testid={`engine-fix-${c.engine}`}>
                      Fix: {c.fix}
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
