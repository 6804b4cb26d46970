import { useEffect, useRef } from 'react';
import type { LabelClass } from '../../../../shared/labeling/types';
import { commandFor, type Command, type Mode } from './keymap';

/** Keys typed into a field belong to the field. */
function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

/** Held keys repeat: moving may, labeling must not (a held "1" would label a run of items). */
const REPEATABLE = new Set<Command['kind']>(['next', 'back']);

/** Routes the workspace's keys to `handle` while mounted; the latest handler always runs. */
export function useWorkspaceKeys(mode: Mode, classes: readonly LabelClass[], handle: (cmd: Command) => void): void {
  const latest = useRef(handle);
  latest.current = handle;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (typing(e.target) || e.isComposing) return;
      const cmd = commandFor({ key: e.key, ctrl: e.ctrlKey, meta: e.metaKey, shift: e.shiftKey, alt: e.altKey }, mode, classes);
      if (!cmd) return;
      e.preventDefault();
      if (e.repeat && !REPEATABLE.has(cmd.kind)) return;
      latest.current(cmd);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [mode, classes]);
}
