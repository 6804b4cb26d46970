import type { StateCreator } from 'zustand';
import type { RunSummary } from '../../../../shared/domain';
import type { RunsState } from './runsStore';

/** The compare view overlays at most this many runs (runs.metrics takes 100 ids). */
export const MAX_COMPARE = 100;

export interface RunSelection {
  /** Selected ids in click order (compare keeps that order), with the runs as last seen. */
  selected: string[];
  selectedRuns: Record<string, RunSummary>;
  /** Row index of the last plain click, the start of a shift-click range. */
  anchor: number | null;

  clickRow(index: number, run: RunSummary, shift: boolean): void;
  toggleAllLoaded(): void;
  clearSelection(): void;
  /** Selected runs a change applies to keep it, as the loaded rows do. */
  patchSelected(runId: string, patch: (run: RunSummary) => RunSummary): void;
  dropSelected(ids: readonly string[]): void;
}

export const runSelection: StateCreator<RunsState, [], [], RunSelection> = (set, get) => ({
  selected: [],
  selectedRuns: {},
  anchor: null,

  clickRow(index, run, shift) {
    const { selected, anchor } = get();
    const select = !selected.includes(run.id);
    const rows: RunSummary[] = [];
    if (shift && anchor !== null) {
      for (let i = Math.min(anchor, index); i <= Math.max(anchor, index); i++) {
        const r = get().rowAt(i);
        if (r) rows.push(r);
      }
    } else rows.push(run);
    set((s) => {
      const ids = new Set(rows.map((r) => r.id));
      const selectedRuns = { ...s.selectedRuns };
      for (const r of rows) {
        if (select) selectedRuns[r.id] = r;
        else delete selectedRuns[r.id];
      }
      const kept = s.selected.filter((id) => !ids.has(id));
      return {
        selected: select ? [...kept, ...rows.map((r) => r.id)] : kept,
        selectedRuns,
        anchor: index,
      };
    });
  },

  toggleAllLoaded() {
    const loaded = get().loaded();
    const all = loaded.length > 0 && loaded.every((r) => r.id in get().selectedRuns);
    if (all) get().clearSelection();
    else set({ selected: loaded.map((r) => r.id), selectedRuns: Object.fromEntries(loaded.map((r) => [r.id, r])), anchor: null });
  },

  clearSelection() {
    set({ selected: [], selectedRuns: {}, anchor: null });
  },

  patchSelected(runId, patch) {
    const run = get().selectedRuns[runId];
    if (run) set((s) => ({ selectedRuns: { ...s.selectedRuns, [runId]: patch(run) } }));
  },

  dropSelected(ids) {
    const gone = new Set(ids);
    set((s) => ({
      selected: s.selected.filter((id) => !gone.has(id)),
      selectedRuns: Object.fromEntries(Object.entries(s.selectedRuns).filter(([id]) => !gone.has(id))),
    }));
  },
});
