import { useMemo, useState } from 'react';
import type { RunColumns } from '../../../../shared/domain';
import { availableColumns, columnDef, DEFAULT_COLUMNS } from './columns';

/** A disclosure listing every param, metric (last/min/max), tag and run attribute as a checkbox. */
export function ColumnChooser({ chosen, available, onChange }: { chosen: string[]; available: RunColumns | null; onChange(keys: string[]): void }) {
  const [search, setSearch] = useState('');
  const groups = useMemo(() => availableColumns(available ?? { params: [], metrics: [], tags: [] }), [available]);
  const needle = search.trim().toLowerCase();

  const toggle = (key: string, on: boolean) => onChange(on ? [...chosen, key] : chosen.filter((k) => k !== key));

  return (
    <details
      className="column-chooser"
      data-testid="column-chooser"
      // A popover closes with Escape, back onto its button, as a desktop menu does.
      onKeyDown={(e) => {
        const details = e.currentTarget;
        if (e.key !== 'Escape' || !details.open) return;
        details.open = false;
        details.querySelector('summary')?.focus();
      }}
    >
      <summary className="btn btn-small">Columns ({chosen.length})</summary>
      <div className="chooser-panel">
        <div className="chooser-head">
          <input type="search" placeholder="Find a column" aria-label="Find a column" value={search} onChange={(e) => setSearch(e.target.value)} />
          <button type="button" className="btn btn-small btn-ghost" onClick={() => onChange(DEFAULT_COLUMNS)}>
            Defaults
          </button>
        </div>
        {groups.map(({ group, keys }) => {
          const shown = needle ? keys.filter((k) => k.toLowerCase().includes(needle)) : keys;
          if (shown.length === 0) return null;
          return (
            <fieldset key={group}>
              <legend>{group}</legend>
              {shown.map((key) => (
                <label key={key} className="toggle" title={columnDef(key).title}>
                  <input type="checkbox" data-testid={`column-${key}`} checked={chosen.includes(key)} onChange={(e) => toggle(key, e.target.checked)} />
                  <span className="mono">{key}</span>
                </label>
              ))}
            </fieldset>
          );
        })}
      </div>
    </details>
  );
}
