import { useState, type FormEvent } from 'react';
import type { ModelDetail } from '../../../../shared/api/calls/models';
import { useModels } from './modelsStore';

const KNOWN_ALIASES = ['champion', 'challenger'];

/**
 * Point an alias at a version. The core refuses `champion` for a version without a passing
 * evaluation; its message is shown as is, and a reason field appears: sending again with a
 * reason records the move as an override in the history.
 */
export function AliasMoveForm({ model, onDone }: { model: ModelDetail; onDone(): void }) {
  const moveAlias = useModels((s) => s.moveAlias);
  const aliases = [...new Set([...KNOWN_ALIASES, ...Object.keys(model.aliases)])];
  const latest = model.versions.reduce((a, v) => Math.max(a, v.version), 0);
  const [alias, setAlias] = useState(aliases[0]);
  const [version, setVersion] = useState(String(latest));
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [needsReason, setNeedsReason] = useState(false);
  const [busy, setBusy] = useState(false);

  // A different alias or version is a different question to the core: start over.
  const choose = (patch: { alias?: string; version?: string }) => {
    if (patch.alias !== undefined) setAlias(patch.alias);
    if (patch.version !== undefined) setVersion(patch.version);
    setError(null);
    setNeedsReason(false);
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (needsReason && !reason.trim()) {
      setError('Give a reason to override; it is recorded in the alias history.');
      return;
    }
    setBusy(true);
    const failure = await moveAlias({ name: model.name, version: Number(version), alias, reason: reason.trim() || undefined });
    setBusy(false);
    if (!failure) {
      onDone();
      return;
    }
    setError(failure.message);
    if (failure.needsReason) setNeedsReason(true);
  };

  return (
    <form className="card alias-move-form" data-testid="alias-move-form" onSubmit={onSubmit}>
      <h2>Move an alias</h2>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="alias-select">Alias</label>
          <select id="alias-select" data-testid="alias-select" value={alias} onChange={(e) => choose({ alias: e.target.value })}>
            {aliases.map((a) => (
              <option key={a} value={a}>
                {a}
                {model.aliases[a] !== undefined ? ` (now v${model.aliases[a]})` : ''}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="alias-version-select">Version</label>
          <select id="alias-version-select" data-testid="alias-version-select" value={version} onChange={(e) => choose({ version: e.target.value })}>
            {[...model.versions]
              .sort((a, b) => b.version - a.version)
              .map((v) => (
                <option key={v.id} value={v.version}>
                  v{v.version}
                </option>
              ))}
          </select>
        </div>
        {needsReason && (
          <div className="field field-wide">
            <label htmlFor="alias-reason">Reason for the override</label>
            <input id="alias-reason" data-testid="alias-reason" value={reason} autoFocus placeholder="e.g. hotfix approved by the on-call reviewer" onChange={(e) => setReason(e.target.value)} />
            <span className="field-hint">Recorded in the alias history next to the move</span>
          </div>
        )}
      </div>
      {error && (
        <p className="field-error" role="alert" data-testid="alias-error">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="btn" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className={needsReason ? 'btn btn-danger' : 'btn btn-primary'} data-testid="confirm-alias" disabled={busy}>
          {busy ? 'Moving…' : needsReason ? 'Override and move' : 'Move alias'}
        </button>
      </div>
    </form>
  );
}
