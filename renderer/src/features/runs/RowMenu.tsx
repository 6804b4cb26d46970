import { useEffect, useRef } from 'react';
import type { RunSummary } from '../../../../shared/domain';
import { routeHref } from '../../lib/route';

export interface RowMenuAt {
  run: RunSummary;
  /** Viewport coordinates of the button's bottom-right corner. */
  x: number;
  y: number;
}

/**
 * A run's actions, opened from the ⋯ button of its row. Fixed to the viewport, so the table's
 * scroll box and the row's clipped cells can't cut it off; any outside click, scroll or Escape closes it.
 */
export function RowMenu({ at, onClose }: { at: RowMenuAt; onClose(): void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const outside = (e: Event) => {
      if (!ref.current?.contains(e.target as Node)) onClose();
    };
    const key = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    document.addEventListener('mousedown', outside);
    document.addEventListener('scroll', outside, true);
    document.addEventListener('keydown', key);
    return () => {
      document.removeEventListener('mousedown', outside);
      document.removeEventListener('scroll', outside, true);
      document.removeEventListener('keydown', key);
    };
  }, [onClose]);

  const { run } = at;
  return (
    <div ref={ref} className="row-menu" role="menu" aria-label={`Actions for ${run.name || run.id}`} data-testid="row-menu" style={{ top: at.y + 4, left: Math.max(8, at.x - 180) }}>
      <a role="menuitem" href={routeHref({ name: 'run', runId: run.id })} onClick={onClose}>
        Open
      </a>
      <a role="menuitem" data-testid="row-menu-clone" href={routeHref({ name: 'new-run', cloneOf: run.id })} onClick={onClose} title="A new run with this run's settings">
        Clone…
      </a>
    </div>
  );
}
