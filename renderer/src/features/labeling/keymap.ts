import { WORKSPACE_KEYS } from '../../../../shared/labeling/hotkeys';
import type { LabelClass, LabelTask } from '../../../../shared/labeling/types';

// What each key does in the workspace, apart from the DOM so it can be tested and listed on screen.

export type Mode = 'item' | 'grid' | 'review';

export interface KeyInput {
  key: string;
  ctrl: boolean;
  meta: boolean;
  shift: boolean;
  alt: boolean;
}

export type Command =
  | { kind: 'class'; name: string }
  | { kind: 'next' }
  | { kind: 'back' }
  | { kind: 'undo' }
  | { kind: 'enter' }
  | { kind: 'toggleGrid' }
  | { kind: 'accept' }
  | { kind: 'reject' }
  | { kind: 'fix' }
  | { kind: 'escape' }
  | { kind: 'selectAll' }
  | { kind: 'delete' };

const is = (key: string, keys: readonly string[]) => keys.includes(key);

export function commandFor(k: KeyInput, mode: Mode, classes: readonly LabelClass[]): Command | null {
  const key = k.key.length === 1 ? k.key.toLowerCase() : k.key;
  if (k.ctrl || k.meta) {
    if (is(key, WORKSPACE_KEYS.undo) && !k.shift && mode !== 'review') return { kind: 'undo' };
    if (key === 'a' && mode === 'grid') return { kind: 'selectAll' };
    return null;
  }
  if (k.alt) return null;
  if (key === 'Escape') return { kind: 'escape' };
  if (mode !== 'review' && is(key, WORKSPACE_KEYS.grid)) return { kind: 'toggleGrid' };
  if (mode !== 'grid') {
    if (key === 'ArrowRight' || is(key, WORKSPACE_KEYS.next)) return { kind: 'next' };
    if (key === 'ArrowLeft' || is(key, WORKSPACE_KEYS.back)) return { kind: 'back' };
  }
  if (mode === 'item') {
    if (key === 'Enter') return { kind: 'enter' };
    if (key === 'Delete' || key === 'Backspace' || is(key, WORKSPACE_KEYS.deleteBox)) return { kind: 'delete' };
  }
  if (mode === 'review') {
    if (is(key, WORKSPACE_KEYS.accept)) return { kind: 'accept' };
    if (is(key, WORKSPACE_KEYS.reject)) return { kind: 'reject' };
    if (is(key, WORKSPACE_KEYS.fix)) return { kind: 'fix' };
  }
  const cls = key.length === 1 ? classes.find((c) => c.hotkey === key) : undefined;
  return cls ? { kind: 'class', name: cls.name } : null;
}

/** The shortcuts of a mode, as listed beside the workspace. */
export function shortcutList(mode: Mode, task: LabelTask): [keys: string, what: string][] {
  const classKey: Record<LabelTask, string> = {
    single: 'label and go to the next item',
    multi: 'add or remove the class',
    boxes: 'class of new boxes (or of the selected box)',
  };
  if (mode === 'grid') {
    return [
      ['click, shift-click, ctrl-click, drag', 'select'],
      ['Ctrl+A', 'select all loaded'],
      ['class key', task === 'boxes' ? 'label in the item view' : 'label every selected item'],
      ['Esc', 'clear the selection'],
      ['double-click', 'open the item'],
      ['Ctrl+Z', 'undo'],
      ['g', 'item view'],
    ];
  }
  if (mode === 'review') {
    return [
      ['a', 'accept the label'],
      ['f then class key', 'fix: give the right class'],
      ['r', 'reject the label'],
      ['→ s n', 'next'],
      ['← b p', 'back'],
    ];
  }
  const enter: Record<LabelTask, string> = {
    single: 'accept the suggestion',
    multi: 'save the classes (or accept the suggestion)',
    boxes: 'save the boxes and go on',
  };
  const list: [string, string][] = [
    ['class key', classKey[task]],
    ['Enter', enter[task]],
    ['→ s n', 'skip'],
    ['← b p', 'back'],
    ['Ctrl+Z', 'undo the last label'],
  ];
  if (task === 'boxes') list.push(['drag', 'draw a box; drag a box to move, its handles to resize'], ['Del x', 'delete the selected box'], ['Esc', 'deselect']);
  list.push(['g', 'grid view']);
  return list;
}
