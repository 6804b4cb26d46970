import { create } from 'zustand';
import type { CallInput, CallResults } from '../../../../shared/api/contract';
import type { DatasetInfo } from '../../../../shared/domain';
import { api } from '../../api';
import { errorMessage } from '../../api/errors';
import { uploadFile } from './upload';

/** An import's progress: bytes uploaded, then the core's passes over the file (bytes or images). */
export interface ImportStage {
  phase: 'uploading' | 'checking' | 'importing' | 'done';
  done: number;
  total: number;
}

/** What to import: a path the core can read, or (in a browser) a file to upload first. */
export type ImportInput = Omit<CallInput<'datasets.import'>, 'path'> & ({ path: string } | { file: File });

interface DatasetsState {
  datasets: DatasetInfo[];
  loaded: boolean;
  error: string | null;
  busy: 'samples' | 'import' | null;
  actionError: string | null;
  /** Which action failed, so the error shows next to the control that caused it. */
  failedAction: 'samples' | 'import' | null;
  /** The running or last finished import's progress; null before any, or after a failure. */
  importStage: ImportStage | null;
  load(): Promise<void>;
  /** What the last "Add sample datasets" did, in words: which it added, or that all were there. */
  samplesNotice: string | null;
  importSamples(): Promise<void>;
  importDataset(input: ImportInput): Promise<CallResults['datasets.import'] | null>;
}

export const useDatasets = create<DatasetsState>((set, get) => ({
  datasets: [],
  loaded: false,
  error: null,
  busy: null,
  actionError: null,
  failedAction: null,
  importStage: null,
  samplesNotice: null,
  async load() {
    try {
      set({ datasets: await api.call('datasets.list', {}), loaded: true, error: null });
    } catch (err) {
      set({ error: errorMessage(err), loaded: true });
    }
  },
  async importSamples() {
    set({ busy: 'samples', actionError: null, failedAction: null, samplesNotice: null });
    try {
      // Importing a sample again is a no-op in the core (same content, same version), so what
      // was added is what is new against the list from before.
      const before = new Map((await api.call('datasets.list', {})).map((d) => [d.id, d.versionCount]));
      const samples = await api.call('datasets.importSamples', {});
      const added = samples.filter((d) => before.get(d.id) !== d.versionCount).map((d) => d.name);
      set({
        samplesNotice: added.length
          ? `Added ${added.join(', ')}`
          : samples.length
            ? `Samples already added: ${samples.map((d) => d.name).join(', ')}`
            : 'No sample datasets ship with this build',
      });
      await get().load();
    } catch (err) {
      set({ actionError: errorMessage(err), failedAction: 'samples' });
    } finally {
      set({ busy: null });
    }
  },
  async importDataset(input) {
    set({ busy: 'import', actionError: null, failedAction: null, importStage: null });
    let stopListening = () => {};
    try {
      let path: string;
      if ('file' in input) {
        const { file } = input;
        set({ importStage: { phase: 'uploading', done: 0, total: file.size } });
        path = await uploadFile(file, (done, total) => set({ importStage: { phase: 'uploading', done, total } }));
      } else path = input.path;
      stopListening = api.on('datasets.importProgress', (p) => {
        if (p.path === path) set({ importStage: { phase: p.phase, done: p.done, total: p.total } });
      });
      const { name, labelColumn, unlabeled, labels, nonImages } = input;
      const dataset = await api.call('datasets.import', { path, name, labelColumn, unlabeled, labels, nonImages });
      // A progress event still in flight must not move the bar back from done.
      stopListening();
      set({ importStage: { phase: 'done', done: 1, total: 1 } });
      await get().load();
      return dataset;
    } catch (err) {
      set({ actionError: errorMessage(err), failedAction: 'import', importStage: null });
      return null;
    } finally {
      stopListening();
      set({ busy: null });
    }
  },
}));
