import { useState, type FormEvent } from 'react';
import type { ModelDetail } from '../../../../shared/api/calls/models';
import { useModels } from './modelsStore';

const KNOWN_ALIASES = ['champion', 'challenger'];
/** The core's rule for an alias name (shared/api/calls/models.ts), checked here to say so before sending. */
const ALIAS_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

/**
 * Point an alias at a version: a known one or any new name (staging, shadow, prod-eu…). The core
 * refuses `champion` for a version without a passing evaluation and names `reason` as what would
 * let it through; a reason field appears, and sending again records the move as an override.
 */
export function AliasMoveForm({ model, onDone }: { model: ModelDetail; onDone(): void }) {
  const moveAlias = useModels((s) => s.moveAlias);
  const aliases = [...new Set([...KNOWN_ALIASES, ...Object.keys(model.aliases)])];
  const latest = model.versions.reduce((a, v) => Math.max(a, v.version), 0);
  const [alias, setAlias] = useState(aliases[0]);
  const aliasProblem = ALIAS_NAME.test(alias) ? null : 'An alias starts with a letter and holds letters, digits, "-" or "_" (up to 64)';
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
    if (aliasProblem) {
      setError(aliasProblem);
      return;
    }
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
          <input
            id="alias-select"
            data-testid="alias-select"
            role="combobox"
            list="alias-options"
            autoComplete="off"
            value={alias}
            onChange={(e) => choose({ alias: e.target.value.trim() })}
          />
          <datalist id="alias-options">
            {aliases.map((a) => (
              <option key={a} value={a} label={model.aliases[a] !== undefined ? `now v${model.aliases[a]}` : undefined} />
            ))}
          </datalist>
          <span className="field-hint">
            {model.aliases[alias] !== undefined ? `Now on v${model.aliases[alias]}` : ALIAS_NAME.test(alias) ? 'A new alias' : aliasProblem}
          </span>
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
            <input
              id="alias-reason"
              data-testid="alias-reason"
              value={reason}
              autoFocus
              placeholder="e.g. hotfix approved by the on-call reviewer"
              onChange={(e) => setReason(e.target.value)}
            />
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
        <button
          type="submit"
          className={needsReason ? 'btn btn-danger' : 'btn btn-primary'}
          data-testid="confirm-alias"
          disabled={busy || aliasProblem !== null}
        >
          {busy ? 'Moving…' : needsReason ? 'Override and move' : 'Move alias'}
        </button>
      </div>
    </form>
  );
}
