import { useEffect, useState } from 'react';
import { FilterSyntaxError, parseFilter } from '../../../../shared/runs/filter';

const EXAMPLE = 'params.learningRate < 0.01 and metrics.val_accuracy >= 0.9 and status = finished';

/** Where the text stops parsing, or null; the same parser the core runs, so no round trip. */
export function filterProblem(text: string): { message: string; position: number } | null {
  try {
    parseFilter(text);
    return null;
  } catch (err) {
    if (err instanceof FilterSyntaxError) return { message: err.message, position: err.position };
    return { message: String(err), position: 0 };
  }
}

/**
 * The runs filter: validated as you type, applied on Enter (a half-typed filter never hits the
 * core), Escape puts back the applied one. Warnings from the core (a key no run has) show under
 * it while the applied filter is what is typed.
 */
export function FilterBox({ applied, warnings, onApply }: { applied: string; warnings: string[]; onApply(filter: string): void }) {
  const [draft, setDraft] = useState(applied);
  useEffect(() => setDraft(applied), [applied]);
  const problem = filterProblem(draft);
  const dirty = draft.trim() !== applied;

  const apply = () => {
    if (!problem) onApply(draft.trim());
  };

  return (
    <div className="filter-box">
      <div className="filter-row">
        <input
          type="search"
          className={problem ? 'filter-input invalid' : 'filter-input'}
          data-testid="runs-filter"
          aria-label="Filter runs"
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? 'runs-filter-error' : undefined}
          placeholder={EXAMPLE}
          spellCheck={false}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              apply();
            } else if (e.key === 'Escape' && dirty) {
              e.preventDefault();
              setDraft(applied);
            }
          }}
        />
        <button type="button" className="btn btn-small" disabled={!!problem || !dirty} onClick={apply}>
          Apply
        </button>
        {applied && (
          <button type="button" className="btn btn-small btn-ghost" onClick={() => onApply('')}>
            Clear
          </button>
        )}
      </div>
      {!problem && !dirty && applied && warnings.length > 0 && (
        <ul className="filter-warnings" data-testid="runs-filter-warnings" role="status">
          {warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      {problem && (
        <div className="filter-error" id="runs-filter-error" data-testid="runs-filter-error" data-position={problem.position} role="status">
          <code className="filter-caret" aria-hidden>
            {draft.slice(0, problem.position).replace(/[^\s]/g, ' ')}^
          </code>
          <span>{problem.message}</span>
        </div>
      )}
    </div>
  );
}
