import { useState } from 'react';

/** A form field's stored value as last seen, and what the user has typed over it. */
export interface Draft<T> {
  base: T;
  draft: T;
}

/**
 * The field after the stored value became `stored`: it follows the store while the user has not
 * changed it, and keeps what they typed once they have. Stores reload on `changed` events, which
 * come for this window's own saves too (an echo that may land after the user typed on) and for
 * other writers: neither may overwrite unsaved input.
 */
export function followStored<T>(field: Draft<T>, stored: T, equal: (a: T, b: T) => boolean = Object.is): Draft<T> {
  if (equal(field.base, stored)) return field;
  return { base: stored, draft: equal(field.draft, field.base) ? stored : field.draft };
}

/**
 * A form field's value over a stored one (see followStored). `dirty`: it differs from the stored
 * value; `discard` puts the stored value back.
 */
export function useDraft<T>(stored: T, equal: (a: T, b: T) => boolean = Object.is): { value: T; set(value: T): void; dirty: boolean; discard(): void } {
  const [field, setField] = useState<Draft<T>>({ base: stored, draft: stored });
  const next = followStored(field, stored, equal);
  // Adjusted while rendering (React's pattern for state derived from a prop), so no frame shows the stale value.
  if (next !== field) setField(next);
  return {
    value: next.draft,
    set: (value) => setField((f) => ({ ...f, draft: value })),
    dirty: !equal(next.draft, next.base),
    discard: () => setField((f) => ({ ...f, draft: f.base })),
  };
}
