import { create } from 'zustand';
import type { RunProgress, RunSummary } from '../../../../shared/domain';
import { api } from '../../api';
import { errorMessage } from '../../api/errors';
import type { SortDir, SortKey } from './sortRuns';

interface RunsState {
  /** null = every experiment. */
  experimentId: number | null;
  runs: RunSummary[];
  loaded: boolean;
  error: string | null;
  sortKey: SortKey;
  sortDir: SortDir;
  selected: string[];
  load(experimentId: number | null): Promise<void>;
  toggleSort(key: SortKey): void;
  toggleSelected(runId: string): void;
  setSelected(runIds: string[]): void;
  applyRun(run: RunSummary): void;
  applyProgress(runId: string, progress: RunProgress): void;
}

let loadSeq = 0;

export const useRuns = create<RunsState>((set, get) => ({
  experimentId: null,
  runs: [],
  loaded: false,
  error: null,
  sortKey: 'started',
  sortDir: 'desc',
  selected: [],
  async load(experimentId) {
    const seq = ++loadSeq;
    if (experimentId !== get().experimentId) set({ experimentId, runs: [], loaded: false, selected: [] });
    try {
      const runs = await api.call('runs.list', experimentId === null ? {} : { experimentId });
      // A slower response for an experiment the user already left must not overwrite the table.
      if (seq !== loadSeq) return;
      const ids = new Set(runs.map((r) => r.id));
      set((s) => ({ runs, loaded: true, error: null, selected: s.selected.filter((id) => ids.has(id)) }));
    } catch (err) {
      if (seq === loadSeq) set({ error: errorMessage(err), loaded: true });
    }
  },
  toggleSort(key) {
    const { sortKey, sortDir } = get();
    if (key === sortKey) set({ sortDir: sortDir === 'asc' ? 'desc' : 'asc' });
    // Names read naturally A→Z; numbers and dates are usually wanted biggest/newest first.
    else set({ sortKey: key, sortDir: key === 'name' || key === 'dataset' || key === 'modelType' ? 'asc' : 'desc' });
  },
  toggleSelected(runId) {
    set((s) => ({
      selected: s.selected.includes(runId) ? s.selected.filter((id) => id !== runId) : [...s.selected, runId],
    }));
  },
  setSelected(runIds) {
    set({ selected: runIds });
  },
  applyRun(run) {
    set((s) => {
      const index = s.runs.findIndex((r) => r.id === run.id);
      if (index >= 0) {
        const runs = s.runs.slice();
        // Keep live progress the summary may not carry yet.
        runs[index] = { ...run, progress: run.progress ?? (isActive(run) ? s.runs[index].progress : null) };
        return { runs };
      }
      if (!s.loaded || (s.experimentId !== null && s.experimentId !== run.experimentId)) return {};
      return { runs: [run, ...s.runs] };
    });
  },
  applyProgress(runId, progress) {
    set((s) => {
      const index = s.runs.findIndex((r) => r.id === runId);
      if (index < 0) return {};
      const runs = s.runs.slice();
      const run = runs[index];
      runs[index] = { ...run, progress, status: run.status === 'queued' ? 'running' : run.status };
      return { runs };
    });
  },
}));

export const isActive = (run: { status: string }): boolean => run.status === 'queued' || run.status === 'running';
