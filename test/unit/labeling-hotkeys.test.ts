import { describe, expect, it } from 'vitest';
import { assignHotkeys, hotkeyProblem, RESERVED_KEYS } from '../../shared/labeling/hotkeys';
import { commandFor } from '../../renderer/src/features/labeling/keymap';

const keys = (names: string[], chosen: Record<string, string> = {}) =>
  Object.fromEntries(assignHotkeys(names.map((name) => ({ name, hotkey: chosen[name] }))).map((c) => [c.name, c.hotkey]));

describe('default hotkeys', () => {
  it('gives the digit classes their own digit, so the key typed is the digit seen', () => {
    const digits = [...'0123456789'];
    expect(keys(digits)).toEqual(Object.fromEntries(digits.map((d) => [d, d])));
  });

  it('gives other names 1-9 then letters, skipping the keys single-character names claim', () => {
    expect(keys(['cat', 'dog', 'owl'])).toEqual({ cat: '1', dog: '2', owl: '3' });
    // "s" is the skip key and "A" would be accept ("a"): both get keys from the order instead.
    expect(keys(['cat', '1', 's', 'dog', 'A', '3', 'k'])).toEqual({ cat: '2', '1': '1', s: '4', dog: '5', A: '6', '3': '3', k: 'k' });
    // Two names on one key: the first keeps it.
    expect(keys(['Q', 'q'])).toEqual({ Q: 'q', q: '1' });
  });

  it('keeps a chosen key over a class named by that key, and never hands out a key twice', () => {
    expect(keys(['1', '2', 'cat'], { cat: '1' })).toEqual({ '1': '3', '2': '2', cat: '1' });
    const many = assignHotkeys(Array.from({ length: 40 }, (_, i) => ({ name: i < 12 ? String.fromCharCode(97 + i) : `class ${i}` })));
    const given = many.map((c) => c.hotkey).filter(Boolean);
    expect(new Set(given).size).toBe(given.length);
    expect(given.filter((k) => RESERVED_KEYS.has(k))).toEqual([]);
  });
});

describe('hotkey checks', () => {
  it('refuses workspace keys, repeated keys and keys longer than one character, in one line', () => {
    expect(hotkeyProblem([{ name: 'cat', hotkey: 'c' }, { name: 'dog' }])).toBeNull();
    expect(hotkeyProblem([{ name: 'cat', hotkey: 'G' }])).toMatch(/^The hotkey "g" of "cat" is a workspace key \(.*\); pick another$/);
    expect(
      hotkeyProblem([
        { name: 'cat', hotkey: '1' },
        { name: 'dog', hotkey: '1' },
      ]),
    ).toBe('The hotkey "1" is given to both "cat" and "dog"');
    expect(hotkeyProblem([{ name: 'cat', hotkey: ' ' }])).toMatch(/one visible character/);
  });

  it('reserves exactly the keys the workspace acts on in some mode', () => {
    const none = assignHotkeys([]);
    const used = [...'abcdefghijklmnopqrstuvwxyz0123456789'].filter((k) =>
      (['item', 'grid', 'review'] as const).some((mode) => commandFor({ key: k, ctrl: false, meta: false, shift: false, alt: false }, mode, none) !== null),
    );
    // z is Ctrl+Z (undo), reserved so a bare z never means both.
    expect([...RESERVED_KEYS].sort()).toEqual([...used, 'z'].sort());
  });
});
