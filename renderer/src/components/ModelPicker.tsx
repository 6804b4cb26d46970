import { useEffect, useState } from 'react';
import { api } from '../api';
import { errorMessage } from '../api/errors';
import { modelChoices, searchChoices, type ModelChoice } from '../lib/modelChoices';

/** Finished runs offered at most; the search narrows them, and older ones are a filter away on the runs page. */
const RUN_LIMIT = 500;

/**
 * Picks a model from what exists (registry aliases and versions, finished runs) instead of a
 * typed reference: a search box narrows a list, and the choice is only ever one that resolves.
 */
export function ModelPicker({ id, testId, value, onChange }: { id: string; testId: string; value: string; onChange(choice: ModelChoice | null): void }) {
  const [choices, setChoices] = useState<ModelChoice[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [search, setSearch] = useState('');

  useEffect(() => {
    let stale = false;
    void Promise.all([
      api.call('models.list', {}),
      api.call('runs.query', { filter: 'status = finished', sort: { field: 'created', dir: 'desc' }, limit: RUN_LIMIT }),
    ])
      .then(([models, page]) => !stale && setChoices(modelChoices(models, page.runs)))
      .catch((err) => !stale && setError(errorMessage(err)));
    return () => {
      stale = true;
    };
  }, []);

  const shown = searchChoices(choices ?? [], search);
  // A reference given from elsewhere (a run's Evaluate button) stays chosen even if the list lacks it.
  const listed = !value || (choices ?? []).some((c) => c.ref === value);
  const groups = (['Registered models', 'Finished runs'] as const).map((g) => [g, shown.filter((c) => c.group === g)] as const).filter(([, cs]) => cs.length);

  return (
    <div className="model-picker">
      <input
        type="search"
        aria-label="Search models and runs"
        data-testid={`${testId}-search`}
        placeholder="Search models and runs"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
      />
      <select
        id={id}
        data-testid={testId}
        size={Math.min(8, Math.max(3, shown.length + groups.length))}
        value={value}
        onChange={(e) => onChange(choices?.find((c) => c.ref === e.target.value) ?? null)}
      >
        {!listed && <option value={value}>{value}</option>}
        {groups.map(([group, cs]) => (
          <optgroup key={group} label={group}>
            {cs.map((c) => (
              <option key={c.ref} value={c.ref}>
                {c.label}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      {error && <span className="field-error">{error}</span>}
      {choices && choices.length === 0 && <span className="field-hint">No finished run or registered model yet: train one first.</span>}
      {choices && choices.length > 0 && shown.length === 0 && <span className="field-hint">Nothing matches "{search}".</span>}
    </div>
  );
}
