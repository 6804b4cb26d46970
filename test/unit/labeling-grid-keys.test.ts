import { describe, expect, it } from 'vitest';
import { assignHotkeys } from '../../shared/labeling/hotkeys';
import { commandFor, shortcutList, type KeyInput } from '../../renderer/src/features/labeling/keymap';
import { cellsInRect, clickSelect, EMPTY_SELECTION, marqueeSelect, rectFrom, selectAll } from '../../renderer/src/features/labeling/selection';

const sorted = (s: ReadonlySet<number>) => [...s].sort((a, b) => a - b);

describe('grid selection', () => {
  it('clicks one, shift-clicks a range from the anchor, ctrl-clicks to toggle', () => {
    let s = clickSelect(EMPTY_SELECTION, 4, { shift: false, toggle: false });
    expect(sorted(s.selected)).toEqual([4]);
    s = clickSelect(s, 8, { shift: true, toggle: false });
    expect(sorted(s.selected)).toEqual([4, 5, 6, 7, 8]);
    s = clickSelect(s, 2, { shift: true, toggle: false });
    expect(sorted(s.selected)).toEqual([2, 3, 4]); // the anchor stays at 4
    s = clickSelect(s, 10, { shift: false, toggle: true });
    s = clickSelect(s, 3, { shift: false, toggle: true });
    expect(sorted(s.selected)).toEqual([2, 4, 10]);
    s = clickSelect(s, 12, { shift: true, toggle: true }); // ctrl+shift adds the range from the new anchor 3
    expect(sorted(s.selected)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('selects the cells a marquee touches, across rows, clipped to the items there are', () => {
    const layout = { columns: 5, cellWidth: 100, cellHeight: 120, count: 13 };
    expect(cellsInRect(rectFrom({ x: 150, y: 60 }, { x: 20, y: 130 }), layout)).toEqual([0, 1, 5, 6]);
    expect(cellsInRect({ x: 250, y: 200, w: 500, h: 500 }, layout)).toEqual([7, 8, 9, 12]);
    expect(cellsInRect({ x: -50, y: -50, w: 10, h: 10 }, layout)).toEqual([]);
    const base = clickSelect(EMPTY_SELECTION, 12, { shift: false, toggle: false });
    expect(sorted(marqueeSelect(base, { x: 0, y: 0, w: 150, h: 10 }, layout, false).selected)).toEqual([0, 1]);
    expect(sorted(marqueeSelect(base, { x: 0, y: 0, w: 150, h: 10 }, layout, true).selected)).toEqual([0, 1, 12]);
    expect(sorted(selectAll([3, 4, 9]).selected)).toEqual([3, 4, 9]);
  });
});

describe('keymap', () => {
  const classes = assignHotkeys([{ name: 'cat' }, { name: 'dog' }, { name: 'owl', hotkey: 'q' }]);
  const key = (k: string, mods: Partial<KeyInput> = {}): KeyInput => ({ key: k, ctrl: false, meta: false, shift: false, alt: false, ...mods });

  it('maps class hotkeys and the workspace keys per mode', () => {
    expect(commandFor(key('1'), 'item', classes)).toEqual({ kind: 'class', name: 'cat' });
    expect(commandFor(key('Q'), 'item', classes)).toEqual({ kind: 'class', name: 'owl' });
    expect(commandFor(key('s'), 'item', classes)).toEqual({ kind: 'next' });
    expect(commandFor(key('ArrowRight'), 'item', classes)).toEqual({ kind: 'next' });
    expect(commandFor(key('b'), 'item', classes)).toEqual({ kind: 'back' });
    expect(commandFor(key('Enter'), 'item', classes)).toEqual({ kind: 'enter' });
    expect(commandFor(key('Backspace'), 'item', classes)).toEqual({ kind: 'delete' });
    expect(commandFor(key('a'), 'review', classes)).toEqual({ kind: 'accept' });
    expect(commandFor(key('f'), 'review', classes)).toEqual({ kind: 'fix' });
    expect(commandFor(key('r'), 'review', classes)).toEqual({ kind: 'reject' });
    expect(commandFor(key('a'), 'item', classes)).toBeNull();
    expect(commandFor(key('s'), 'grid', classes)).toBeNull();
    expect(commandFor(key('2'), 'grid', classes)).toEqual({ kind: 'class', name: 'dog' });
  });

  it('takes Ctrl or Cmd with Z as undo and leaves other browser shortcuts alone', () => {
    expect(commandFor(key('z', { ctrl: true }), 'item', classes)).toEqual({ kind: 'undo' });
    expect(commandFor(key('z', { meta: true }), 'grid', classes)).toEqual({ kind: 'undo' });
    expect(commandFor(key('z', { ctrl: true, shift: true }), 'item', classes)).toBeNull();
    expect(commandFor(key('a', { ctrl: true }), 'grid', classes)).toEqual({ kind: 'selectAll' });
    expect(commandFor(key('a', { ctrl: true }), 'item', classes)).toBeNull();
    expect(commandFor(key('1', { ctrl: true }), 'item', classes)).toBeNull();
    expect(commandFor(key('1', { alt: true }), 'item', classes)).toBeNull();
  });

  it('lists every mode shortcut on screen, boxes with their editing keys', () => {
    expect(shortcutList('item', 'boxes').map(([k]) => k)).toContain('Del x');
    expect(shortcutList('review', 'single').map(([k]) => k)).toEqual(['a', 'f then class key', 'r', '→ s n', '← b p']);
  });
});
