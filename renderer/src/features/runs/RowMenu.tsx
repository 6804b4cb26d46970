import { useEffect, useRef } from 'react';
import type { RunSummary } from '../../../../shared/domain';
import { routeHref } from '../../lib/route';

export interface RowMenuAt {
  run: RunSummary;
  /** The ⋯ button that opened it: its corner places the menu, and it gets the focus back on Escape. */
  anchor: HTMLElement;
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
      // Its own ⋯ button toggles it: closing here would have the click open it again.
      const target = e.target as Node;
      if (!ref.current?.contains(target) && !at.anchor.contains(target)) onClose();
    };
    const key = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        onClose();
        at.anchor.focus();
      } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        // Menu keys as in any menu: arrows move between the items, wrapping around.
        const items = [...(ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
        const i = items.indexOf(document.activeElement as HTMLElement);
        items[(i + (e.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length]?.focus();
        e.preventDefault();
      }
    };
    document.addEventListener('mousedown', outside);
    document.addEventListener('scroll', outside, true);
    document.addEventListener('keydown', key);
    return () => {
      document.removeEventListener('mousedown', outside);
      document.removeEventListener('scroll', outside, true);
      document.removeEventListener('keydown', key);
    };
  }, [onClose, at.anchor]);

  const { run } = at;
  const corner = at.anchor.getBoundingClientRect();
  return (
    <div
      ref={ref}
      className="row-menu"
      role="menu"
      aria-label={`Actions for ${run.name || run.id}`}
      data-testid="row-menu"
      style={{ top: corner.bottom + 4, left: Math.max(8, corner.right - 180) }}
    >
      <a role="menuitem" href={routeHref({ name: 'run', runId: run.id })} onClick={onClose}>
        Open
      </a>
      <a
        role="menuitem"
        data-testid="row-menu-clone"
        href={routeHref({ name: 'new-run', cloneOf: run.id })}
        onClick={onClose}
        title="A new run with this run's settings"
      >
        Clone…
      </a>
    </div>
  );
}
