import { create } from 'zustand';
import type { CallResults, Events } from '../../../../shared/api/contract';
import type { MetricPoint, RunProgress } from '../../../../shared/domain';
import { api } from '../../api';
import { errorMessage } from '../../api/errors';
import { appendPoints, curvesFromSeries, type CurvesByKey } from '../../lib/series';

interface RunDetailState {
  runId: string | null;
  run: CallResults['runs.get'] | null;
  curves: CurvesByKey;
  loading: boolean;
  error: string | null;
  busy: 'cancel' | 'resume' | 'rerun' | 'notes' | null;
  actionError: string | null;
  load(runId: string): Promise<void>;
  reloadMetrics(): Promise<void>;
  /** The run's row and what hangs off it (logged models, inputs) again, keeping the curves on screen. */
  reloadRun(): Promise<void>;
  applyStatus(payload: Events['run.status']): void;
  applyProgress(runId: string, progress: RunProgress): void;
  applyMetrics(runId: string, points: MetricPoint[]): void;
  cancel(): Promise<void>;
  resume(): Promise<void>;
  /** Trains the same config, seed and dataset version again; resolves to the new run's id. */
  rerun(): Promise<string | null>;
  saveNotes(notes: string): Promise<boolean>;
  /** Star, tags or name: applied at once, put back if the core refuses. */
  update(patch: { starred?: boolean; tags?: Record<string, string>; name?: string }): Promise<void>;
}

const MAX_POINTS = 2000;
const TERMINAL = new Set(['finished', 'failed', 'cancelled', 'interrupted']);

// Points pushed while the initial fetch is in flight; merged once it lands so none are lost.
let pending: MetricPoint[] | null = null;
let loadSeq = 0;

export const useRunDetail = create<RunDetailState>((set, get) => ({
  runId: null,
  run: null,
  curves: {},
  loading: false,
  error: null,
  busy: null,
  actionError: null,

  async load(runId) {
    if (get().runId !== runId) set({ runId, run: null, curves: {}, error: null, actionError: null });
    set({ loading: true });
    const seq = ++loadSeq;
    pending = [];
    try {
      const [run, series] = await Promise.all([api.call('runs.get', { id: runId }), api.call('runs.metrics', { ids: [runId], maxPoints: MAX_POINTS })]);
      if (seq !== loadSeq) return;
      const curves = appendPoints(curvesFromSeries(series, runId), pending ?? []);
      set({ run, curves, loading: false, error: null });
    } catch (err) {
      if (seq === loadSeq) set({ error: errorMessage(err), loading: false });
    } finally {
      if (seq === loadSeq) pending = null;
    }
  },

  async reloadMetrics() {
    const runId = get().runId;
    if (!runId) return;
    try {
      const series = await api.call('runs.metrics', { ids: [runId], maxPoints: MAX_POINTS });
      if (get().runId === runId) set({ curves: curvesFromSeries(series, runId) });
    } catch {
      // Live points are still on screen; a failed refresh isn't worth an error banner.
    }
  },

  async reloadRun() {
    const runId = get().runId;
    if (!runId) return;
    try {
      const fresh = await api.call('runs.get', { id: runId });
      if (get().runId === runId) set({ run: fresh });
    } catch {
      // What is on screen stays; the next change or reconnect tries again.
    }
  },

  applyStatus({ runId, status, error, run: summary }) {
    const { run } = get();
    if (!run || run.id !== runId) return;
    const wasTerminal = TERMINAL.has(run.status);
    set({ run: { ...run, ...summary, status, error: error ?? run.error, progress: summary.progress ?? (TERMINAL.has(status) ? null : run.progress) } });
    // Engine info, artifacts and the downsampled full history settle when a run ends or starts.
    if (status !== run.status) {
      void get().reloadRun();
      if (TERMINAL.has(status) && !wasTerminal) void get().reloadMetrics();
    }
  },

  applyProgress(runId, progress) {
    const { run } = get();
    if (!run || run.id !== runId) return;
    set({ run: { ...run, progress, status: run.status === 'queued' ? 'running' : run.status } });
  },

  applyMetrics(runId, points) {
    if (get().runId !== runId) return;
    if (pending) {
      pending.push(...points);
      return;
    }
    const curves = appendPoints(get().curves, points);
    if (curves !== get().curves) set({ curves });
  },

  async cancel() {
    const { run } = get();
    if (!run) return;
    set({ busy: 'cancel', actionError: null });
    try {
      const summary = await api.call('runs.cancel', { id: run.id });
      const current = get().run;
      if (current?.id === summary.id) set({ run: { ...current, ...summary } });
    } catch (err) {
      set({ actionError: errorMessage(err) });
    } finally {
      set({ busy: null });
    }
  },

  async resume() {
    const { run } = get();
    if (!run) return;
    set({ busy: 'resume', actionError: null });
    try {
      await api.call('runs.resume', { id: run.id });
      await get().load(run.id);
    } catch (err) {
      set({ actionError: errorMessage(err) });
    } finally {
      set({ busy: null });
    }
  },

  async rerun() {
    const { run } = get();
    if (!run) return null;
    set({ busy: 'rerun', actionError: null });
    try {
      return (await api.call('runs.rerun', { id: run.id })).id;
    } catch (err) {
      set({ actionError: errorMessage(err) });
      return null;
    } finally {
      set({ busy: null });
    }
  },

  async update(patch) {
    const before = get().run;
    if (!before) return;
    set({ run: { ...before, ...patch }, actionError: null });
    try {
      const summary = await api.call('runs.update', { id: before.id, ...patch });
      const current = get().run;
      if (current?.id === summary.id) set({ run: { ...current, ...summary } });
    } catch (err) {
      const current = get().run;
      if (current?.id === before.id) set({ run: { ...current, starred: before.starred, tags: before.tags, name: before.name } });
      set({ actionError: errorMessage(err) });
    }
  },

  async saveNotes(notes) {
    const { run } = get();
    if (!run) return false;
    set({ busy: 'notes', actionError: null });
    try {
      await api.call('runs.update', { id: run.id, notes });
      const current = get().run;
      if (current?.id === run.id) set({ run: { ...current, notes } });
      return true;
    } catch (err) {
      set({ actionError: errorMessage(err) });
      return false;
    } finally {
      set({ busy: null });
    }
  },
}));
