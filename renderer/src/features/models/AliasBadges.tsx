/** alias → version chips; `testIds` puts alias-<alias> on them (once per page, on the model page). */
export function AliasBadges({ aliases, testIds = false }: { aliases: Record<string, number>; testIds?: boolean }) {
  const entries = Object.entries(aliases).sort(([a], [b]) => aliasRank(a) - aliasRank(b) || a.localeCompare(b));
  if (entries.length === 0) return <span className="muted">—</span>;
  return (
    <span className="alias-badges">
      {entries.map(([alias, version]) => (
        <span key={alias} className={`alias-badge alias-${alias}`} data-testid={testIds ? `alias-${alias}` : undefined} data-version={version}>
          {alias} → v{version}
        </span>
      ))}
    </span>
  );
}

/** champion, then challenger, then the rest alphabetically. */
const aliasRank = (a: string) => (a === 'champion' ? 0 : a === 'challenger' ? 1 : 2);
