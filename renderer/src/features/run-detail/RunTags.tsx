import { useState } from 'react';
import { parseTag } from '../../../../shared/runs/tags';

/** Tags as removable key=value chips, plus a box that adds (or overwrites) one on Enter; without onChange, read-only. */
export function RunTags({ tags, onChange }: { tags: Record<string, string>; onChange?: (tags: Record<string, string>) => void }) {
  const [text, setText] = useState('');
  const parsed = parseTag(text);
  const entries = Object.entries(tags).sort(([a], [b]) => a.localeCompare(b));

  const remove = (key: string) => {
    const next = { ...tags };
    delete next[key];
    onChange?.(next);
  };

  return (
    <section className="card run-tags" data-testid="run-tags">
      <h2>Tags</h2>
      <ul className="tag-list">
        {entries.map(([key, value]) => (
          <li key={key} className="chip tag-chip" data-testid={`tag-${key}`}>
            <span className="mono">
              {key}={value}
            </span>
            {onChange && (
              <button type="button" className="chip-remove" data-testid={`remove-tag-${key}`} aria-label={`Remove tag ${key}`} onClick={() => remove(key)}>
                ×
              </button>
            )}
          </li>
        ))}
        {entries.length === 0 && <li className="muted">No tags yet.</li>}
      </ul>
      {onChange && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!parsed) return;
            onChange({ ...tags, [parsed.key]: parsed.value });
            setText('');
          }}
        >
          <input
            type="text"
            className="tag-input"
            data-testid="add-tag-input"
            placeholder="key=value"
            aria-label="New tag, key=value"
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          <button type="submit" className="btn btn-small" data-testid="add-tag" disabled={!parsed}>
            Add tag
          </button>
        </form>
      )}
    </section>
  );
}
