import { create } from 'zustand';
import type { Settings } from '../../../../shared/settings';
import { api } from '../../api';
import { errorMessage } from '../../api/errors';

interface SettingsState {
  settings: Settings | null;
  error: string | null;
  saving: boolean;
  load(): Promise<void>;
  save(patch: Parameters<typeof api.call<'settings.set'>>[1]): Promise<boolean>;
}

/** Settings live in the data folder; run costs and the MLflow switch read them. */
export const useSettings = create<SettingsState>((set) => ({
  settings: null,
  error: null,
  saving: false,
  async load() {
    try {
      set({ settings: await api.call('settings.get', {}), error: null });
    } catch (err) {
      set({ error: errorMessage(err) });
    }
  },
  async save(patch) {
    set({ saving: true });
    try {
      set({ settings: await api.call('settings.set', patch), error: null, saving: false });
      return true;
    } catch (err) {
      set({ error: errorMessage(err), saving: false });
      return false;
    }
  },
}));
