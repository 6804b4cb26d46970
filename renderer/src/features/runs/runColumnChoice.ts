import type { StateCreator } from 'zustand';
import type { RunColumns } from '../../../../shared/domain';
import { api } from '../../api';
import { loadColumnChoice, saveColumnChoice } from './columns';
import type { RunsState } from './runsStore';

export interface RunColumnChoice {
  /** The columns shown, kept across sessions. */
  columns: string[];
  /** The params, metrics and tags the runs in scope have, for the chooser. */
  available: RunColumns | null;

  setColumns(keys: string[]): void;
  loadColumns(): Promise<void>;
}

export const runColumnChoice: StateCreator<RunsState, [], [], RunColumnChoice> = (set, get) => ({
  columns: loadColumnChoice(),
  available: null,

  setColumns(keys) {
    saveColumnChoice(keys);
    set({ columns: keys });
  },

  async loadColumns() {
    const experimentId = get().experimentId;
    try {
      const available = await api.call('runs.columns', experimentId === null ? {} : { experimentId });
      if (get().experimentId === experimentId) set({ available });
    } catch {
      // The chooser then offers the run attributes only; the table itself still works.
    }
  },
});
