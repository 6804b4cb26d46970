import { useState } from 'react';
import type { RunSummary } from '../../../../shared/domain';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { parseTag } from '../../../../shared/runs/tags';
import { MAX_COMPARE } from './runSelection';

interface Props {
  selected: string[];
  selectedRuns: Record<string, RunSummary>;
  busy: string | null;
  onCompare(): void;
  onArchive(archived: boolean): void;
  onDelete(): Promise<boolean>;
  onTag(key: string, value: string): void;
  onClear(): void;
}

/** What can be done to the selected runs: compare, archive, tag, delete. */
export function BulkActions({ selected, selectedRuns, busy, onCompare, onArchive, onDelete, onTag, onClear }: Props) {
  const [confirming, setConfirming] = useState(false);
  const n = selected.length;
  // One button that does what most of the selection needs: unarchive only if all are archived.
  const allArchived = n > 0 && selected.every((id) => selectedRuns[id]?.archived);
  const plural = `${n} run${n === 1 ? '' : 's'}`;

  return (
    <div className="bulk-actions" role="toolbar" aria-label="Selected runs">
      <span className="muted" data-testid="selected-count">
        {n} selected
      </span>
      <button
        type="button"
        className="btn btn-small"
        data-testid="compare-button"
        disabled={n < 2 || n > MAX_COMPARE}
        title={n < 2 ? 'Select two or more runs to compare' : n > MAX_COMPARE ? `Compare takes at most ${MAX_COMPARE} runs` : undefined}
        onClick={onCompare}
      >
        Compare ({n})
      </button>
      <button
        type="button"
        className="btn btn-small"
        data-testid="archive-selected"
        disabled={n === 0 || busy !== null}
        onClick={() => onArchive(!allArchived)}
      >
        {allArchived ? 'Unarchive' : 'Archive'}
      </button>
      <TagForm disabled={n === 0 || busy !== null} onTag={onTag} />
      <button
        type="button"
        className="btn btn-small btn-danger"
        data-testid="delete-selected"
        disabled={n === 0 || busy !== null}
        onClick={() => setConfirming(true)}
      >
        Delete
      </button>
      {n > 0 && (
        <button type="button" className="btn btn-small btn-ghost" onClick={onClear}>
          Clear selection
        </button>
      )}
      {confirming && (
        <ConfirmDialog
          title={`Delete ${plural}?`}
          confirmLabel={busy === 'delete' ? 'Deleting…' : `Delete ${plural}`}
          confirmTestId="confirm-delete"
          danger
          busy={busy === 'delete'}
          onCancel={() => setConfirming(false)}
          onConfirm={() => void onDelete().then(() => setConfirming(false))}
        >
          <p>
            This removes {plural} with {n === 1 ? 'its' : 'their'} metrics and artifacts from the data folder. It can't be undone; archiving hides runs without
            losing them.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}

/** "key=value" in one box, the same form the run detail's tag editor takes. */
function TagForm({ disabled, onTag }: { disabled: boolean; onTag(key: string, value: string): void }) {
  const [text, setText] = useState('');
  const parsed = parseTag(text);
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!parsed) return;
        onTag(parsed.key, parsed.value);
        setText('');
      }}
    >
      <input
        type="text"
        className="tag-input"
        data-testid="tag-selected-input"
        placeholder="key=value"
        aria-label="Tag to add to the selected runs"
        value={text}
        disabled={disabled}
        onChange={(e) => setText(e.target.value)}
      />
      <button type="submit" className="btn btn-small" data-testid="tag-selected" disabled={disabled || !parsed}>
        Add tag
      </button>
    </form>
  );
}
