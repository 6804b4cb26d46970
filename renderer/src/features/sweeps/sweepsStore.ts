import { create } from 'zustand';
import type { SweepInfoResult, SweepTrialInfo } from '../../../../shared/api/calls/sweeps';
import type { RunSummary } from '../../../../shared/domain';
import { api } from '../../api';
import { CairnCallError, describeError, errorMessage } from '../../api/errors';
import { buildSweepSpec, fieldForSpecPath, initialSweepForm, type SweepErrors, type SweepForm } from './sweepFormModel';

// Tags the core's sweep manager puts on each trial run (electron/core/sweeps/sweep-manager.ts).
const TRIAL_TAG = 'sweep.trial';
const PRUNED_TAG = 'sweep.pruned';
const TERMINAL = new Set(['finished', 'failed', 'cancelled', 'interrupted']);

interface SweepsState {
  sweeps: SweepInfoResult[];
  loaded: boolean;
  error: string | null;
  detail: SweepInfoResult | null;
  detailError: string | null;
  cancelling: boolean;
  form: SweepForm;
  formErrors: SweepErrors;
  submitting: boolean;
  load(): Promise<void>;
  loadDetail(id: number): Promise<void>;
  cancel(): Promise<void>;
  setForm(patch: Partial<SweepForm>): void;
  submit(): Promise<SweepInfoResult | null>;
  /** A run changed (run.status): update its trial at once, then let the core settle best and status. */
  applyRun(run: RunSummary): void;
}

/** The sweep's metric for one trial, as the core computes it: best value over its epochs. */
export function trialMetric(run: RunSummary, metric: string, goal: 'minimize' | 'maximize'): number | null {
  const m = run.metrics[metric];
  return m ? (goal === 'minimize' ? m.min : m.max) : null;
}

/** Best finished trial with a metric, as the core picks it. */
export function bestTrial(trials: SweepTrialInfo[], goal: 'minimize' | 'maximize'): SweepTrialInfo | null {
  let best: SweepTrialInfo | null = null;
  for (const t of trials) {
    if (t.status !== 'finished' || t.metric === null) continue;
    if (best === null || (goal === 'minimize' ? t.metric < best.metric! : t.metric > best.metric!)) best = t;
  }
  return best;
}

let refetchTimer: ReturnType<typeof setTimeout> | null = null;

export const useSweeps = create<SweepsState>((set, get) => {
  /**
   * Status events come per run; the sweep's own status and best are the core's to decide, so
   * bursts of events (parallel trials) coalesce into one refetch of what is on screen.
   */
  const refetchSoon = (delay = 250) => {
    if (refetchTimer) return;
    refetchTimer = setTimeout(() => {
      refetchTimer = null;
      const { detail } = get();
      if (detail) void get().loadDetail(detail.id);
      void get().load();
    }, delay);
  };

  return {
    sweeps: [],
    loaded: false,
    error: null,
    detail: null,
    detailError: null,
    cancelling: false,
    form: initialSweepForm(),
    formErrors: {},
    submitting: false,

    async load() {
      try {
        set({ sweeps: await api.call('sweeps.list', {}), loaded: true, error: null });
      } catch (err) {
        set({ error: errorMessage(err), loaded: true });
      }
    },

    async loadDetail(id) {
      if (get().detail?.id !== id) set({ detail: null, detailError: null });
      try {
        const detail = await api.call('sweeps.get', { id });
        set({ detail, detailError: null });
        // The last trial's status event can reach us before the core marks the sweep finished.
        if (detail.status === 'running' && detail.trials.length > 0 && detail.trials.every((t) => TERMINAL.has(t.status))) refetchSoon(1000);
      } catch (err) {
        set({ detailError: errorMessage(err) });
      }
    },

    async cancel() {
      const { detail } = get();
      if (!detail) return;
      set({ cancelling: true, detailError: null });
      try {
        set({ detail: await api.call('sweeps.cancel', { id: detail.id }) });
        void get().load();
      } catch (err) {
        set({ detailError: errorMessage(err) });
      } finally {
        set({ cancelling: false });
      }
    },

    setForm(patch) {
      set((s) => {
        const formErrors = { ...s.formErrors };
        for (const key of Object.keys(patch)) delete formErrors[key as keyof SweepErrors];
        delete formErrors.form;
        return { form: { ...s.form, ...patch }, formErrors };
      });
    },

    async submit() {
      const { form } = get();
      const built = buildSweepSpec(form);
      if (!built.ok) {
        set({ formErrors: built.errors });
        return null;
      }
      set({ submitting: true, formErrors: {} });
      try {
        const sweep = await api.call('sweeps.start', built.input);
        void get().load();
        return sweep;
      } catch (err) {
        const errors: SweepErrors = {};
        if (err instanceof CairnCallError) for (const issue of err.issues) errors[fieldForSpecPath(issue.path, form)] ??= issue.message;
        errors.form ??= describeError(err).message;
        set({ formErrors: errors });
        return null;
      } finally {
        set({ submitting: false });
      }
    },

    applyRun(run) {
      if (run.tags[TRIAL_TAG] === undefined) return;
      const { detail } = get();
      const i = detail ? detail.trials.findIndex((t) => t.runId === run.id) : -1;
      if (detail && i >= 0) {
        const trials = [...detail.trials];
        trials[i] = { ...trials[i], status: run.status, pruned: run.tags[PRUNED_TAG] ?? null, metric: trialMetric(run, detail.spec.metric, detail.spec.goal) };
        set({ detail: { ...detail, trials, best: bestTrial(trials, detail.spec.goal) } });
      }
      refetchSoon();
    },
  };
});
