import { create } from 'zustand';
import type { DriftReportResult } from '../../../../shared/api/calls/monitoring';
import { api } from '../../api';
import { errorMessage } from '../../api/errors';
import { CSV_CHOICE, driftRequest, type VersionChoice } from './driftRequest';

interface DriftState {
  versions: VersionChoice[];
  versionsLoaded: boolean;
  versionsError: string | null;
  reference: string;
  /** A version key, or CSV_CHOICE. */
  current: string;
  currentPath: string;
  share: string;
  report: DriftReportResult | null;
  running: boolean;
  error: string | null;
  loadVersions(): Promise<void>;
  set(patch: Partial<Pick<DriftState, 'reference' | 'current' | 'currentPath' | 'share'>>): void;
  run(): Promise<void>;
}

// The last report stays while the user looks at other screens and comes back.
export const useDrift = create<DriftState>((set, get) => ({
  versions: [],
  versionsLoaded: false,
  versionsError: null,
  reference: '',
  current: '',
  currentPath: '',
  share: '0.5',
  report: null,
  running: false,
  error: null,

  async loadVersions() {
    try {
      const datasets = (await api.call('datasets.list', {})).filter((d) => d.latest.kind === 'tabular');
      // Drift only makes sense between tables; every version of each is a candidate.
      const details = await Promise.all(datasets.map((d) => api.call('datasets.get', { id: d.id })));
      const versions = details.flatMap((d) =>
        [...d.versions]
          .sort((a, b) => b.version - a.version)
          .map((v) => ({ key: `${d.id}@${v.version}`, datasetId: d.id, version: v.version, label: `${d.name}@${v.version}`, rows: v.rows })),
      );
      set((s) => {
        const has = (key: string) => versions.some((v) => v.key === key);
        const reference = has(s.reference) ? s.reference : (versions[0]?.key ?? '');
        const current = s.current === CSV_CHOICE || has(s.current) ? s.current : (versions.find((v) => v.key !== reference)?.key ?? CSV_CHOICE);
        return { versions, versionsLoaded: true, versionsError: null, reference, current };
      });
    } catch (err) {
      set({ versionsError: errorMessage(err), versionsLoaded: true });
    }
  },

  set(patch) {
    set({ ...patch, error: null });
  },

  async run() {
    const req = driftRequest(get());
    if (!req.ok) {
      set({ error: req.error });
      return;
    }
    set({ running: true, error: null });
    try {
      set({ report: await api.call('monitoring.drift', req.input) });
    } catch (err) {
      set({ error: errorMessage(err) });
    } finally {
      set({ running: false });
    }
  },
}));
