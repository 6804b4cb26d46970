import { create } from 'zustand';
import type { SweepInfoResult } from '../../../../shared/api/calls/sweeps';
import type { RunSummary } from '../../../../shared/domain';
import { api } from '../../api';
import { CairnCallError, describeError, errorMessage } from '../../api/errors';
import { isTrialRun, withRun } from './trials';
import { buildSweepSpec, fieldForSpecPath, initialSweepForm, type SweepErrors, type SweepForm } from './sweepFormModel';

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
      if (!isTrialRun(run)) return;
      const { detail } = get();
      const next = detail ? withRun(detail, run) : null;
      if (next) set({ detail: next });
      refetchSoon();
    },
  };
});
