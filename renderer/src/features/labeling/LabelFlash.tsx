import { useCallback, useState } from 'react';
import type { LabelClass } from '../../../../shared/labeling/types';

interface Flash {
  name: string;
  color: string;
  /** How many items got it (the grid labels a selection). */
  items: number;
  /** Restarts the animation when the same class is applied twice in a row. */
  n: number;
}

/** The label just applied, and a function that shows the next one. */
export function useLabelFlash(classes: readonly LabelClass[]): [Flash | null, (name: string, items?: number) => void] {
  const [flash, setFlash] = useState<Flash | null>(null);
  const show = useCallback(
    (name: string, items = 1) => setFlash((f) => ({ name, items, color: classes.find((c) => c.name === name)?.color ?? 'transparent', n: (f?.n ?? 0) + 1 })),
    [classes],
  );
  return [flash, show];
}

/**
 * Shows the applied label over the item for a moment, so a labeler sees what the key did without
 * looking away; the text stays in a live region, so screen readers announce it too.
 */
export function LabelFlash({ flash }: { flash: Flash | null }) {
  return (
    <div className="label-flash-region" role="status" aria-live="polite" data-testid="label-flash">
      {flash && (
        <span key={flash.n} className="label-flash" data-label={flash.name} style={{ borderColor: flash.color }}>
          <span className="muted">Labeled{flash.items > 1 ? ` ${flash.items} items` : ''}</span> <strong>{flash.name}</strong>
        </span>
      )}
    </div>
  );
}
