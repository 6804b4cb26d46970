import type { LabelClass } from './types';

/**
 * The workspace's own one-character keys, by what they do: the keymap reads its bindings from here
 * and label sets are checked against it, so a class can never be given a key the workspace takes.
 */
export const WORKSPACE_KEYS = {
  next: ['s', 'n'],
  back: ['b', 'p'],
  grid: ['g'],
  deleteBox: ['x'],
  accept: ['a'],
  reject: ['r'],
  fix: ['f'],
  undo: ['z'],
} as const satisfies Record<string, readonly string[]>;

export const RESERVED_KEYS: ReadonlySet<string> = new Set(Object.values(WORKSPACE_KEYS).flat());

const KEY_ORDER = [...'123456789', ...'qwetyuiohjklcvm', ...'0d'];

const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

/** A key a class may have: one visible character that the workspace doesn't use. */
function usableKey(key: string): boolean {
  return [...key].length === 1 && key.trim() !== '' && !RESERVED_KEYS.has(key);
}

/** Why these classes' chosen keys can't be used, in one line; null when they can. */
export function hotkeyProblem(classes: readonly { name: string; hotkey?: string }[]): string | null {
  const seen = new Map<string, string>();
  for (const c of classes) {
    const key = c.hotkey?.toLowerCase();
    if (!key) continue;
    if ([...key].length !== 1 || key.trim() === '') return `The hotkey of "${c.name}" must be one visible character, not "${c.hotkey}"`;
    if (RESERVED_KEYS.has(key)) return `The hotkey "${key}" of "${c.name}" is a workspace key (${[...RESERVED_KEYS].join(' ')}); pick another`;
    const other = seen.get(key);
    if (other !== undefined) return `The hotkey "${key}" is given to both "${other}" and "${c.name}"`;
    seen.set(key, c.name);
  }
  return null;
}

/**
 * Gives every class a key and a colour. A chosen key is kept; a class named by one character that
 * is a free key gets that character (so a labeler types the digit they see), the rest get 1-9 then
 * free letters in order. Classes beyond the keys available get none (picked from the list instead).
 */
export function assignHotkeys(classes: readonly { name: string; hotkey?: string; color?: string }[]): LabelClass[] {
  const keys = classes.map((c) => c.hotkey?.toLowerCase() ?? '');
  const taken = new Set(keys.filter(Boolean));
  classes.forEach((c, i) => {
    const own = c.name.trim().toLowerCase();
    if (keys[i] || !usableKey(own) || taken.has(own)) return;
    keys[i] = own;
    taken.add(own);
  });
  const free = KEY_ORDER.filter((k) => !taken.has(k) && !RESERVED_KEYS.has(k));
  return classes.map((c, i) => ({
    name: c.name,
    hotkey: keys[i] || (free.shift() ?? ''),
    color: c.color || PALETTE[i % PALETTE.length],
  }));
}
