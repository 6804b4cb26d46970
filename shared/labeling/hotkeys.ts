import type { LabelClass } from './types';

// Keys the workspace itself uses (skip, back, accept, undo, grid selection) are never given to a class.
export const RESERVED_KEYS = new Set(['s', 'b', 'z', 'a', 'g', 'r', 'x', 'f', 'n', 'p']);

const KEY_ORDER = [...'123456789', ...'qwetyuiohjklcvm', ...'0d'];

const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

/**
 * Gives every class a key and a colour: kept where the user chose one, else 1-9 then free
 * letters in order. Classes beyond the keys available get none (picked from the list instead).
 */
export function assignHotkeys(classes: { name: string; hotkey?: string; color?: string }[]): LabelClass[] {
  const taken = new Set(classes.map((c) => c.hotkey?.toLowerCase()).filter((k): k is string => !!k));
  const free = KEY_ORDER.filter((k) => !taken.has(k) && !RESERVED_KEYS.has(k));
  return classes.map((c, i) => ({
    name: c.name,
    hotkey: c.hotkey ? c.hotkey.toLowerCase() : (free.shift() ?? ''),
    color: c.color || PALETTE[i % PALETTE.length],
  }));
}
