import { create } from 'zustand';
import type { DatasetInfo, RunSummary } from '../../../../shared/domain';
import { api } from '../../api';
import { CairnCallError, describeError } from '../../api/errors';
import { buildStartInput, fieldForPath, initialForm, modelForKind, type FieldErrors, type RunForm } from './formModel';

interface NewRunState {
  form: RunForm;
  errors: FieldErrors;
  submitting: boolean;
  set<K extends keyof RunForm>(field: K, value: RunForm[K]): void;
  /** Pick a dataset, and the model its kind calls for unless the user already chose one. */
  chooseDataset(dataset: DatasetInfo | undefined): void;
  reset(): void;
  submit(): Promise<RunSummary | null>;
}

// The draft survives navigation, so checking a dataset and coming back doesn't lose the form.
export const useNewRun = create<NewRunState>((set, get) => ({
  form: initialForm(),
  errors: {},
  submitting: false,
  set(field, value) {
    set((s) => {
      const errors = { ...s.errors };
      delete errors[field];
      delete errors.form;
      return { form: { ...s.form, [field]: value, ...(field === 'model' ? { modelChosen: true } : {}) }, errors };
    });
  },
  chooseDataset(dataset) {
    set((s) => {
      const form = { ...s.form, datasetId: dataset ? String(dataset.id) : '' };
      if (dataset && !s.form.modelChosen) form.model = modelForKind(dataset.latest.kind);
      const errors = { ...s.errors };
      delete errors.datasetId;
      return { form, errors };
    });
  },
  reset() {
    set({ form: initialForm(), errors: {} });
  },
  async submit() {
    const built = buildStartInput(get().form);
    if (!built.ok) {
      set({ errors: built.errors });
      return null;
    }
    set({ submitting: true, errors: {} });
    try {
      const run = await api.call('runs.start', built.input);
      // Keep the settings for the next run (the usual sweep), but not the run's name.
      set((s) => ({ form: { ...s.form, name: '' } }));
      return run;
    } catch (err) {
      const errors: FieldErrors = {};
      if (err instanceof CairnCallError) {
        for (const issue of err.issues) {
          const field = fieldForPath(issue.path);
          errors[field] ??= issue.message;
        }
      }
      const { code, message } = describeError(err);
      const placed = Object.keys(errors).some((k) => k !== 'form');
      errors.form ??= placed
        ? 'Some settings need a change: see the highlighted fields.'
        : code === 'invalid_input'
          ? `These settings can't be used: ${message}`
          : message;
      set({ errors });
      return null;
    } finally {
      set({ submitting: false });
    }
  },
}));
