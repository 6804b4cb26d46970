import { create } from 'zustand';
import type { MetricPoint, RunDetail, RunSummary } from '../../../../shared/domain';
import { api } from '../../api';
import { errorMessage } from '../../api/errors';
import { appendPoints, curvesFromSeries, isBatchKey, type CurvesByKey } from '../../lib/series';
import type { XAxis } from './chartLines';

interface CompareState {
  runIds: string[];
  runs: RunDetail[];
  /** Per run, per epoch-level key. */
  curves: Record<string, CurvesByKey>;
  missing: string[];
  loading: boolean;
  error: string | null;
  onlyDifferences: boolean;
  /** How the curves are drawn; kept across visits so a chosen view sticks while browsing. */
  view: CompareViewOptions;
  load(runIds: string[]): Promise<void>;
  setOnlyDifferences(on: boolean): void;
  setView(patch: Partial<CompareViewOptions>): void;
  applyRun(run: RunSummary): void;
  applyMetrics(runId: string, points: MetricPoint[]): void;
}

export interface CompareViewOptions {
  xAxis: XAxis;
  logY: boolean;
  smoothing: number;
  groupBy: string;
  scatterX: string;
  scatterY: string;
  parallelMetric: string;
  /** Bumped to reset zoom and pan on every chart. */
  resetZoom: number;
}

let loadSeq = 0;

export const useCompare = create<CompareState>((set, get) => ({
  runIds: [],
  runs: [],
  curves: {},
  missing: [],
  loading: false,
  error: null,
  onlyDifferences: false,
  view: { xAxis: 'step', logY: false, smoothing: 0, groupBy: '', scatterX: '', scatterY: '', parallelMetric: '', resetZoom: 0 },

  async load(runIds) {
    const seq = ++loadSeq;
    // Another selection: don't show the previous runs' curves under the new title.
    if (runIds.join(',') !== get().runIds.join(',')) set({ runs: [], curves: {}, missing: [] });
    set({ runIds, loading: true, error: null });
    if (runIds.length === 0) {
      set({ runs: [], curves: {}, missing: [], loading: false });
      return;
    }
    try {
      const results = await Promise.allSettled(runIds.map((id) => api.call('runs.get', { id })));
      const runs = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      const missing = runIds.filter((_, i) => results[i].status === 'rejected');
      // Ask only for the epoch-level keys the runs have; batch curves don't overlay usefully.
      const keys = [...new Set(runs.flatMap((r) => Object.keys(r.metrics)))].filter((k) => !isBatchKey(k));
      const series = runs.length > 0 ? await api.call('runs.metrics', { ids: runs.map((r) => r.id), ...(keys.length ? { keys } : {}), maxPoints: 2000 }) : [];
      if (seq !== loadSeq) return;
      const curves: Record<string, CurvesByKey> = {};
      for (const run of runs) {
        const byKey = curvesFromSeries(series, run.id);
        for (const k of Object.keys(byKey)) if (isBatchKey(k)) delete byKey[k];
        curves[run.id] = byKey;
      }
      set({ runs, curves, missing, loading: false });
    } catch (err) {
      if (seq === loadSeq) set({ error: errorMessage(err), loading: false });
    }
  },

  setOnlyDifferences(on) {
    set({ onlyDifferences: on });
  },

  setView(patch) {
    set((s) => ({ view: { ...s.view, ...patch } }));
  },

  applyRun(summary) {
    const index = get().runs.findIndex((r) => r.id === summary.id);
    if (index < 0) return;
    set((s) => {
      const runs = s.runs.slice();
      runs[index] = { ...runs[index], ...summary };
      return { runs };
    });
  },

  applyMetrics(runId, points) {
    const current = get().curves[runId];
    if (!current) return;
    const next = appendPoints(
      current,
      points.filter((p) => !isBatchKey(p.key)),
    );
    if (next !== current) set((s) => ({ curves: { ...s.curves, [runId]: next } }));
  },
}));
