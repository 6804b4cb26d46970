import DOMPurify from 'dompurify';
import { marked } from 'marked';
import { useMemo, useState } from 'react';
import { useDraft } from '../../lib/useDraft';

/**
 * Markdown notes: shown rendered, edited as text, saved explicitly so a half-typed thought never
 * overwrites the stored one. Without onSave (a run pulled from a team server), read-only.
 */
export function RunNotes({ notes, saving, onSave }: { notes: string; saving: boolean; onSave?: (notes: string) => Promise<boolean> }) {
  // Notes saved elsewhere meanwhile (another window, a script) show unless the user has typed.
  const { value: draft, set: setDraft, dirty, discard } = useDraft(notes);
  const [editing, setEditing] = useState(notes === '' && onSave !== undefined);
  // Notes come from whoever logged the run (a script through the MLflow API, too): sanitize.
  const html = useMemo(() => DOMPurify.sanitize(marked.parse(notes, { async: false }) as string), [notes]);

  return (
    <section className="card notes">
      <h2>Notes</h2>
      {editing ? (
        <textarea
          value={draft}
          rows={5}
          placeholder="What was this run trying? Markdown works."
          onChange={(e) => setDraft(e.target.value)}
          data-testid="run-notes"
        />
      ) : (
        <div className="markdown" data-testid="run-notes-rendered" dangerouslySetInnerHTML={{ __html: html }} />
      )}
      {onSave && (
        <div className="actions">
          {editing ? (
            <>
              <button
                type="button"
                className="btn btn-small"
                data-testid="save-notes"
                disabled={!dirty || saving}
                onClick={() => void onSave(draft).then((ok) => ok && draft !== '' && setEditing(false))}
              >
                {saving ? 'Saving…' : 'Save notes'}
              </button>
              {dirty && (
                <button type="button" className="btn btn-small btn-ghost" onClick={discard}>
                  Discard
                </button>
              )}
            </>
          ) : (
            <button type="button" className="btn btn-small" data-testid="edit-notes" onClick={() => setEditing(true)}>
              Edit notes
            </button>
          )}
        </div>
      )}
    </section>
  );
}
