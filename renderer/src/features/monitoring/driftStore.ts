import { create } from 'zustand';
import type { ModelInfo } from '../../../../shared/api/calls/models';
import type { DriftReportResult } from '../../../../shared/api/calls/monitoring';
import { api } from '../../api';
import { errorMessage } from '../../api/errors';
import { CSV_CHOICE, defaultPair, driftRequest, type TrainedOn, type VersionChoice } from './driftRequest';

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

/** The training data of the newest champion (by when its alias last moved, approximated by version creation). */
function championData(models: ModelInfo[]): TrainedOn | null {
  const champions = models.flatMap((m) => {
    const v = m.versions.find((x) => x.version === m.aliases.champion);
    return v?.lineage.dataset ? [{ createdAt: v.createdAt, data: { name: v.lineage.dataset.name, version: v.lineage.dataset.version } }] : [];
  });
  champions.sort((a, b) => b.createdAt - a.createdAt);
  return champions[0]?.data ?? null;
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
      const [all, models] = await Promise.all([api.call('datasets.list', {}), api.call('models.list', {})]);
      const datasets = all.filter((d) => d.latest.kind === 'tabular');
      // Drift only makes sense between tables; every version of each is a candidate.
      const details = await Promise.all(datasets.map((d) => api.call('datasets.get', { id: d.id })));
      const versions = details.flatMap((d) =>
        [...d.versions]
          .sort((a, b) => b.version - a.version)
          .map((v) => ({
            key: `${d.id}@${v.version}`,
            datasetId: d.id,
            version: v.version,
            label: `${d.name}@${v.version}`,
            rows: v.rows,
            datasetName: d.name,
            columns: v.columns.map((c) => c.name).filter((c) => c !== v.labelColumn),
          })),
      );
      set((s) => {
        const has = (key: string) => versions.some((v) => v.key === key);
        // A choice the user made stays; otherwise the form opens on a pair that can run.
        if (has(s.reference) && (s.current === CSV_CHOICE || has(s.current))) return { versions, versionsLoaded: true, versionsError: null };
        const pair = defaultPair(versions, championData(models));
        return {
          versions,
          versionsLoaded: true,
          versionsError: null,
          reference: pair?.reference ?? versions[0]?.key ?? '',
          current: pair?.current ?? CSV_CHOICE,
        };
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
