/** A star button: a real toggle button (aria-pressed) so keyboards and screen readers get it. */
export function StarToggle({ runId, starred, onToggle }: { runId: string; starred: boolean; onToggle(starred: boolean): void }) {
  return (
    <button
      type="button"
      className={starred ? 'star-toggle starred' : 'star-toggle'}
      data-testid={`star-${runId}`}
      data-starred={starred ? 'true' : 'false'}
      aria-pressed={starred}
      aria-label={starred ? 'Unstar run' : 'Star run'}
      title={starred ? 'Unstar' : 'Star'}
      onClick={() => onToggle(!starred)}
    >
      {starred ? '★' : '☆'}
    </button>
  );
}
