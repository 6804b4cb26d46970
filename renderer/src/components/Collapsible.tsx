import { useState, type ReactNode } from 'react';

/**
 * A section folded by default behind its title (a native <details>, so keyboards and screen
 * readers get it for free). Its body mounts only once opened: charts inside a closed section
 * would otherwise be laid out at zero size and cost a redraw on every pushed point.
 */
export function Collapsible({ title, testId, summary, children }: { title: string; testId: string; summary?: ReactNode; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="card collapsible" data-testid={testId} open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        <h2>{title}</h2>
        {summary && <span className="muted collapsible-summary">{summary}</span>}
      </summary>
      {open && children}
    </details>
  );
}
