import { CONFIG_PATHS } from '../../../../shared/training/config-paths';
import { spaceRow, type SpaceRow, type SweepErrors } from './sweepFormModel';

const PATH_SUGGESTIONS = [...CONFIG_PATHS.keys()];

/** The search space: one row per config path, either a list of choices or a numeric range. */
export function SpaceEditor({
  rows,
  errors,
  gridMethod,
  onChange,
}: {
  rows: SpaceRow[];
  errors: SweepErrors;
  gridMethod: boolean;
  onChange(rows: SpaceRow[]): void;
}) {
  const update = (id: number, patch: Partial<SpaceRow>) => onChange(rows.map((r) => (r.id === id ? { ...r, ...patch } : r)));
  return (
    <fieldset className="form-section space-editor" data-testid="sweep-space">
      <legend>Search space</legend>
      <p className="field-hint">
        Paths into the training config, or the names in the runs table (<code>hiddenUnits</code>). Choices are comma-separated (JSON where it parses:{' '}
        <code>[16], [64, 32]</code>); a range needs min and max
        {gridMethod ? ', and steps for a grid' : ''}.
      </p>
      <datalist id="space-paths">
        {PATH_SUGGESTIONS.map((p) => (
          <option key={p} value={p} />
        ))}
      </datalist>
      {rows.map((row) => {
        const error = errors[`space.${row.id}`];
        return (
          <div key={row.id} className={error ? 'space-row has-error' : 'space-row'} data-testid="sweep-space-row">
            <input
              aria-label="Config path"
              data-testid="space-path"
              list="space-paths"
              placeholder="learningRate"
              value={row.path}
              onChange={(e) => update(row.id, { path: e.target.value })}
            />
            <select aria-label="Kind" data-testid="space-kind" value={row.kind} onChange={(e) => update(row.id, { kind: e.target.value as SpaceRow['kind'] })}>
              <option value="choice">choice</option>
              <option value="range">range</option>
            </select>
            {row.kind === 'choice' ? (
              <input
                className="space-values"
                aria-label="Values"
                data-testid="space-values"
                placeholder="0.001, 0.01, 0.1"
                value={row.values}
                onChange={(e) => update(row.id, { values: e.target.value })}
              />
            ) : (
              <span className="inline-controls space-range">
                <input
                  type="number"
                  step="any"
                  aria-label="Min"
                  placeholder="min"
                  data-testid="space-min"
                  value={row.min}
                  onChange={(e) => update(row.id, { min: e.target.value })}
                />
                <input
                  type="number"
                  step="any"
                  aria-label="Max"
                  placeholder="max"
                  data-testid="space-max"
                  value={row.max}
                  onChange={(e) => update(row.id, { max: e.target.value })}
                />
                <input
                  type="number"
                  step="1"
                  min="2"
                  aria-label="Steps"
                  placeholder="steps"
                  data-testid="space-steps"
                  value={row.steps}
                  onChange={(e) => update(row.id, { steps: e.target.value })}
                />
                <label className="toggle">
                  <input type="checkbox" checked={row.log} onChange={(e) => update(row.id, { log: e.target.checked })} /> log
                </label>
                <label className="toggle">
                  <input type="checkbox" checked={row.integer} onChange={(e) => update(row.id, { integer: e.target.checked })} /> integer
                </label>
              </span>
            )}
            <button
              type="button"
              className="btn btn-small btn-ghost"
              aria-label="Remove parameter"
              onClick={() => onChange(rows.filter((r) => r.id !== row.id))}
            >
              ✕
            </button>
            {error && (
              <span className="field-error space-error" role="alert">
                {error}
              </span>
            )}
          </div>
        );
      })}
      <button type="button" className="btn btn-small" data-testid="add-space-row" onClick={() => onChange([...rows, spaceRow()])}>
        + Parameter
      </button>
    </fieldset>
  );
}
