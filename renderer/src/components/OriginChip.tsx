/** Marks a run pulled from a team tracking server (`cairn pull`): read-only here. */
export function OriginChip({ origin }: { origin: string | null }) {
  if (!origin) return null;
  let host = origin;
  try {
    host = new URL(origin).host;
  } catch {
    // shown whole
  }
  return (
    <span className="chip muted" data-testid="origin-chip" title={`Pulled from ${origin}; read-only here`}>
      from {host}
    </span>
  );
}
