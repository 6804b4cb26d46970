import { create } from 'zustand';
import type { DatasetResults, SplitSummary, VersionDiffResult } from '../../../../shared/api/calls/datasets';
import type { AgreementReport, LabelingStatus } from '../../../../shared/labeling/types';
import type { QualityReport } from '../../../../shared/quality/report';
import { api } from '../../api';
import { errorMessage } from '../../api/errors';

export type DatasetDetail = DatasetResults['datasets.get'];
export type ActionResult<T> = { ok: true; value: T } | { ok: false; message: string };

/** One panel's data: loaded once, refreshed in place, with the last failure kept beside it. */
export interface Slot<T> {
  value: T | null;
  loaded: boolean;
  error: string | null;
}

const empty = <T>(): Slot<T> => ({ value: null, loaded: false, error: null });

interface DatasetDetailState {
  datasetId: number | null;
  detail: Slot<DatasetDetail>;
  /** Run ids per version number, gathered from the version diffs. */
  runs: Slot<Record<number, string[]>>;
  splits: Slot<SplitSummary>;
  status: Slot<LabelingStatus>;
  agreement: Slot<AgreementReport>;
  quality: Slot<QualityReport> & { version: number | null };
  /** Starts over when the page shows another dataset; otherwise refreshes what is there. */
  open(datasetId: number): Promise<void>;
  loadDetail(): Promise<void>;
  loadSplits(): Promise<void>;
  loadLabeling(): Promise<void>;
  loadQuality(version: number): Promise<void>;
  diff(from: number, to: number): Promise<ActionResult<VersionDiffResult>>;
  makeSplit(spec: { validation: number; test: number; seed: number }): Promise<ActionResult<SplitSummary>>;
  commitLabels(): Promise<ActionResult<number>>;
  exportVersion(input: { version: number; format: 'csv' | 'jsonl' | 'coco' | 'yolo'; path: string }): Promise<ActionResult<{ path: string; rows: number }>>;
}

async function attempt<T>(fn: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (err) {
    return { ok: false, message: errorMessage(err) };
  }
}

export const useDatasetDetail = create<DatasetDetailState>((set, get) => {
  /** Loads into a slot unless the page moved to another dataset while the call was out. */
  async function fill<K extends 'detail' | 'runs' | 'splits' | 'status' | 'agreement'>(key: K, fn: (id: number) => Promise<DatasetDetailState[K]['value']>) {
    const id = get().datasetId;
    if (id === null) return;
    const r = await attempt(() => fn(id));
    if (get().datasetId !== id) return;
    set({ [key]: r.ok ? { value: r.value, loaded: true, error: null } : { ...get()[key], loaded: true, error: r.message } } as Pick<DatasetDetailState, K>);
  }

  return {
    datasetId: null,
    detail: empty(),
    runs: empty(),
    splits: empty(),
    status: empty(),
    agreement: empty(),
    quality: { ...empty<QualityReport>(), version: null },

    async open(datasetId) {
      if (get().datasetId !== datasetId) {
        set({
          datasetId,
          detail: empty(),
          runs: empty(),
          splits: empty(),
          status: empty(),
          agreement: empty(),
          quality: { ...empty<QualityReport>(), version: null },
        });
      }
      await Promise.all([get().loadDetail(), get().loadSplits(), get().loadLabeling()]);
      const latest = get().detail.value?.latest.version;
      const shown = get().quality.version;
      if (latest !== undefined) await get().loadQuality(shown ?? latest);
    },

    async loadDetail() {
      await fill('detail', (id) => api.call('datasets.get', { id }));
      await fill('runs', async (id) => {
        const numbers = (get().detail.value?.versions ?? []).map((v) => v.version).sort((a, b) => a - b);
        // Each diff names the runs of both its ends, so neighbouring pairs cover every version.
        const pairs = numbers.length === 1 ? [[numbers[0], numbers[0]]] : numbers.slice(1).map((to, i) => [numbers[i], to]);
        const diffs = await Promise.all(pairs.map(([from, to]) => api.call('datasets.diff', { id, from, to })));
        const byVersion: Record<number, string[]> = {};
        for (const d of diffs) {
          byVersion[d.from] = d.runs.from;
          byVersion[d.to] = d.runs.to;
        }
        return byVersion;
      });
    },

    loadSplits: () => fill('splits', (id) => api.call('datasets.splits', { id })),

    async loadLabeling() {
      await Promise.all([
        fill('status', (datasetId) => api.call('labels.status', { datasetId })),
        fill('agreement', (datasetId) => api.call('labels.agreement', { datasetId })),
      ]);
    },

    async loadQuality(version) {
      const id = get().datasetId;
      if (id === null) return;
      if (get().quality.version !== version) set({ quality: { ...empty<QualityReport>(), version } });
      const r = await attempt(() => api.call('datasets.quality', { id, version }));
      if (get().datasetId !== id || get().quality.version !== version) return;
      set({ quality: r.ok ? { value: r.value, loaded: true, error: null, version } : { ...get().quality, loaded: true, error: r.message } });
    },

    diff: (from, to) => attempt(() => api.call('datasets.diff', { id: get().datasetId!, from, to })),

    async makeSplit(spec) {
      const id = get().datasetId!;
      const r = await attempt(() => api.call('datasets.split', { id, ...spec }));
      if (r.ok && get().datasetId === id) set({ splits: { value: r.value, loaded: true, error: null } });
      return r;
    },

    async commitLabels() {
      const r = await attempt(() => api.call('labels.commit', { datasetId: get().datasetId! }));
      if (!r.ok) return r;
      await Promise.all([get().loadDetail(), get().loadLabeling()]);
      return { ok: true, value: r.value.version };
    },

    exportVersion: ({ version, format, path }) => attempt(() => api.call('datasets.export', { id: get().datasetId!, version, format, path })),
  };
});
