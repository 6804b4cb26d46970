import { useEffect, useState } from 'react';

/** Free-text notes; saved explicitly so a half-typed thought never overwrites the stored one. */
export function RunNotes({ notes, saving, onSave }: { notes: string; saving: boolean; onSave(notes: string): Promise<boolean> }) {
  const [draft, setDraft] = useState(notes);
  useEffect(() => setDraft(notes), [notes]);
  const dirty = draft !== notes;
  return (
    <section className="card notes">
      <h2>Notes</h2>
      <textarea
        value={draft}
        rows={3}
        placeholder="What was this run trying?"
        onChange={(e) => setDraft(e.target.value)}
        data-testid="run-notes"
      />
      <div className="actions">
        <button type="button" className="btn btn-small" disabled={!dirty || saving} onClick={() => void onSave(draft)}>
          {saving ? 'Saving…' : 'Save notes'}
        </button>
        {dirty && (
          <button type="button" className="btn btn-small btn-ghost" onClick={() => setDraft(notes)}>
            Discard
          </button>
        )}
      </div>
    </section>
  );
}
