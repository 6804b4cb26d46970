import { create } from 'zustand';
import type { EvaluationRecord, EvaluationSummary } from '../../../../shared/api/calls/evaluation';
import { api } from '../../api';
import { errorMessage } from '../../api/errors';
import { CSV_CHOICE, evaluationRequest, type EvalDataChoice, type EvalForm } from './evaluationRequest';

interface EvaluationState {
  choices: EvalDataChoice[];
  choicesLoaded: boolean;
  loadError: string | null;
  form: EvalForm;
  running: boolean;
  error: string | null;
  record: EvaluationRecord | null;
  recordError: string | null;
  /** Evaluations of the run whose page is open. */
  runEvaluations: { runId: string; items: EvaluationSummary[] } | null;
  /** Loads the data versions and the project's gates; `runId`/`preferred` prefill model and data. */
  prepare(runId: string | null, preferred: { datasetName: string | null; version: number | null } | null): Promise<void>;
  setForm(patch: Partial<EvalForm>): void;
  /** Reads the stored split of the chosen version, for the split picker. */
  loadSplit(key: string): Promise<void>;
  /** Sends the evaluation; resolves to the new record's id. */
  run(): Promise<number | null>;
  load(id: number): Promise<void>;
  loadRunEvaluations(runId: string): Promise<void>;
}

const emptyForm = (): EvalForm => ({
  model: '',
  data: '',
  dataPath: '',
  split: '',
  gatesText: '',
  saveGates: false,
  sensitive: [],
  positive: '',
  values: { tp: '', fp: '', tn: '', fn: '' },
});

export const useEvaluation = create<EvaluationState>((set, get) => ({
  choices: [],
  choicesLoaded: false,
  loadError: null,
  form: emptyForm(),
  running: false,
  error: null,
  record: null,
  recordError: null,
  runEvaluations: null,

  async prepare(runId, preferred) {
    // A fresh form per visit: the previous run's sensitive columns rarely fit another dataset.
    set({ form: { ...emptyForm(), model: runId ?? '' }, error: null, choicesLoaded: false, loadError: null });
    try {
      const [datasets, gates] = await Promise.all([api.call('datasets.list', {}), api.call('gates.get', {})]);
      const details = await Promise.all(datasets.filter((d) => d.latest.kind === 'tabular').map((d) => api.call('datasets.get', { id: d.id })));
      const choices = details.flatMap((d) =>
        [...d.versions]
          .sort((a, b) => b.version - a.version)
          .map((v) => ({
            key: `${d.id}@${v.version}`,
            datasetId: d.id,
            version: v.version,
            label: `${d.name}@${v.version}`,
            rows: v.rows,
            labelColumn: v.labelColumn,
            classes: v.classes,
            columns: v.columns,
          })),
      );
      // The run's own training data is the natural default; any labelled table otherwise.
      const trained = preferred ? choices.find((c) => c.label === `${preferred.datasetName}@${preferred.version}`) : undefined;
      const data = trained?.key ?? choices.find((c) => c.labelColumn)?.key ?? CSV_CHOICE;
      set((s) => ({ choices, choicesLoaded: true, form: { ...s.form, data, gatesText: gates.gates.join('\n') } }));
    } catch (err) {
      set({ loadError: errorMessage(err), choicesLoaded: true });
    }
  },

  setForm(patch) {
    set((s) => {
      const form = { ...s.form, ...patch };
      // Another dataset has other columns: drop sensitive picks it doesn't hold; and maybe no split.
      if (patch.data !== undefined && patch.data !== s.form.data) {
        if (patch.split === undefined) form.split = '';
        const cols = new Set(s.choices.find((c) => c.key === patch.data)?.columns.map((c) => c.name) ?? []);
        form.sensitive = form.sensitive.filter((c) => cols.has(c));
      }
      return { form, error: null };
    });
  },

  async loadSplit(key) {
    const choice = get().choices.find((c) => c.key === key);
    if (!choice || choice.split !== undefined) return;
    try {
      const s = await api.call('datasets.splits', { id: choice.datasetId, version: choice.version });
      set((st) => ({ choices: st.choices.map((c) => (c.key === key ? { ...c, split: s?.counts ?? null } : c)) }));
    } catch {
      // Without it the picker offers the core's default; the evaluation itself says what it used.
    }
  },

  async run() {
    const { form, choices } = get();
    const req = evaluationRequest(form, choices);
    if (!req.ok) {
      set({ error: req.error });
      return null;
    }
    set({ running: true, error: null });
    try {
      // Saved first so a bad expression is named before a long evaluation starts.
      if (form.saveGates) await api.call('gates.set', { gates: req.input.gates ?? [] });
      const record = await api.call('evaluations.run', req.input);
      set({ record, recordError: null });
      return record.id;
    } catch (err) {
      set({ error: errorMessage(err) });
      return null;
    } finally {
      set({ running: false });
    }
  },

  async load(id) {
    if (get().record?.id === id) return;
    set({ record: null, recordError: null });
    try {
      set({ record: await api.call('evaluations.get', { id }) });
    } catch (err) {
      set({ recordError: errorMessage(err) });
    }
  },

  async loadRunEvaluations(runId) {
    try {
      const items = await api.call('evaluations.list', { runId, limit: 100 });
      set({ runEvaluations: { runId, items } });
    } catch {
      // The list is an extra on the run page; the page stays usable without it.
      set({ runEvaluations: { runId, items: [] } });
    }
  },
}));
