import { create } from 'zustand';
import type { AppInfo } from '../../../../shared/api/contract';
import type { Experiment } from '../../../../shared/domain';
import { api } from '../../api';
import { errorMessage } from '../../api/errors';

interface ShellState {
  info: AppInfo | null;
  infoError: string | null;
  experiments: Experiment[];
  experimentsError: string | null;
  loadInfo(): Promise<void>;
  loadExperiments(): Promise<void>;
}

export const useShell = create<ShellState>((set) => ({
  info: null,
  infoError: null,
  experiments: [],
  experimentsError: null,
  async loadInfo() {
    try {
      set({ info: await api.call('app.info', {}), infoError: null });
    } catch (err) {
      set({ infoError: errorMessage(err) });
    }
  },
  async loadExperiments() {
    try {
      set({ experiments: await api.call('experiments.list', {}), experimentsError: null });
    } catch (err) {
      set({ experimentsError: errorMessage(err) });
    }
  },
}));

let refreshTimer: ReturnType<typeof setTimeout> | null = null;

/** Run counts change with every new run; coalesce bursts (a sweep queues many) into one fetch. */
export function refreshExperimentsSoon(): void {
  if (refreshTimer) return;
  refreshTimer = setTimeout(() => {
    refreshTimer = null;
    void useShell.getState().loadExperiments();
  }, 300);
}
