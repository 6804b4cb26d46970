import { create } from 'zustand';
import type { DatasetInfo, RunSummary } from '../../../../shared/domain';
import { api } from '../../api';
import { CairnCallError, describeError, errorMessage } from '../../api/errors';
import { buildStartInput, fieldForPath, formFromConfig, initialForm, modelForKind, type FieldErrors, type FormBase, type RunForm } from './formModel';

interface NewRunState {
  form: RunForm;
  /** The values the form started from; a field that differs says "edited". */
  baseForm: RunForm;
  base: FormBase;
  errors: FieldErrors;
  submitting: boolean;
  /** The clone being loaded, and why it couldn't be. */
  cloning: string | null;
  cloneError: string | null;
  /** The model the chosen dataset's kind calls for: the default model. */
  datasetModel: RunForm['model'];
  set<K extends keyof RunForm>(field: K, value: RunForm[K]): void;
  /** Pick a dataset, and the model its kind calls for unless the user already chose one. */
  chooseDataset(dataset: DatasetInfo | undefined): void;
  /** Back to the defaults, forgetting a clone. */
  reset(): void;
  /** Fill the form with a run's config, dataset and experiment (the Clone action). */
  cloneRun(runId: string, datasets: DatasetInfo[]): Promise<void>;
  submit(): Promise<RunSummary | null>;
}

/**
 * The defaults; `keep` carries over where the last run went (dataset, experiment), which are not
 * settings of the model, with the model that dataset's kind calls for.
 */
function fresh(keep?: Pick<RunForm, 'datasetId' | 'experiment' | 'model'>) {
  const form: RunForm = { ...initialForm(), ...keep };
  return { form, baseForm: form, base: { kind: 'default' } as FormBase, errors: {}, cloneError: null };
}

// An unsubmitted draft survives navigation, so checking a dataset and coming back doesn't lose it;
// a started run's settings don't carry over to the next (each field says where its value came from).
export const useNewRun = create<NewRunState>((set, get) => ({
  ...fresh(),
  submitting: false,
  cloning: null,
  datasetModel: initialForm().model,
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
      let baseForm = s.baseForm;
      const datasetModel = dataset ? modelForKind(dataset.latest.kind) : s.datasetModel;
      if (dataset && !s.form.modelChosen) {
        // The model a dataset's kind calls for is still a default, not an edit.
        form.model = datasetModel;
        baseForm = { ...baseForm, model: datasetModel };
      }
      const errors = { ...s.errors };
      delete errors.datasetId;
      return { form, baseForm, errors, datasetModel };
    });
  },
  reset() {
    const { datasetId, experiment } = initialForm();
    set({ ...fresh({ datasetId: get().form.datasetId || datasetId, experiment, model: get().datasetModel }), cloning: null });
  },
  async cloneRun(runId, datasets) {
    set({ cloning: runId, cloneError: null });
    try {
      const run = await api.call('runs.get', { id: runId });
      if (get().cloning !== runId) return;
      const dataset = datasets.find((d) => d.name === run.datasetName);
      const form = formFromConfig(run.config, { datasetId: dataset ? String(dataset.id) : get().form.datasetId, experiment: run.experimentName });
      set({ form, baseForm: form, base: { kind: 'clone', runId: run.id, runName: run.name || run.id }, errors: {}, cloning: null });
    } catch (err) {
      if (get().cloning === runId) set({ cloning: null, cloneError: `Can't clone: ${errorMessage(err)}` });
    }
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
      // The next New run starts from the defaults, not silently from this one's settings.
      const { datasetId, experiment } = get().form;
      set(fresh({ datasetId, experiment, model: get().datasetModel }));
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
