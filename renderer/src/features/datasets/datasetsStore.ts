import { create } from 'zustand';
import type { DatasetInfo } from '../../../../shared/domain';
import { api } from '../../api';
import { errorMessage } from '../../api/errors';

interface DatasetsState {
  datasets: DatasetInfo[];
  loaded: boolean;
  error: string | null;
  busy: 'samples' | 'import' | null;
  actionError: string | null;
  /** Which action failed, so the error shows next to the control that caused it. */
  failedAction: 'samples' | 'import' | null;
  load(): Promise<void>;
  importSamples(): Promise<void>;
  importPath(input: { path: string; name: string; labelColumn?: string }): Promise<DatasetInfo | null>;
}

export const useDatasets = create<DatasetsState>((set, get) => ({
  datasets: [],
  loaded: false,
  error: null,
  busy: null,
  actionError: null,
  failedAction: null,
  async load() {
    try {
      set({ datasets: await api.call('datasets.list', {}), loaded: true, error: null });
    } catch (err) {
      set({ error: errorMessage(err), loaded: true });
    }
  },
  async importSamples() {
    set({ busy: 'samples', actionError: null, failedAction: null });
    try {
      await api.call('datasets.importSamples', {});
      await get().load();
    } catch (err) {
      set({ actionError: errorMessage(err), failedAction: 'samples' });
    } finally {
      set({ busy: null });
    }
  },
  async importPath(input) {
    set({ busy: 'import', actionError: null, failedAction: null });
    try {
      const dataset = await api.call('datasets.import', input);
      await get().load();
      return dataset;
    } catch (err) {
      set({ actionError: errorMessage(err), failedAction: 'import' });
      return null;
    } finally {
      set({ busy: null });
    }
  },
}));
