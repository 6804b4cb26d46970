import { create } from 'zustand';
import type { PipelineDefinition } from '../../../../shared/api/calls/pipelines';
import type { PipelineRunRecord, PipelineRunSummary } from '../../../../shared/pipelines/run';
import { api } from '../../api';
import { errorMessage } from '../../api/errors';

interface PipelinesState {
  definitions: PipelineDefinition[];
  runs: PipelineRunSummary[];
  loaded: boolean;
  error: string | null;
  run: PipelineRunRecord | null;
  runError: string | null;
  /** Dataset ids by name, for the links of a run's steps. */
  datasetIds: ReadonlyMap<string, number>;
  load(): Promise<void>;
  loadRun(id: number): Promise<void>;
  /** Null when done, else the core's one-line refusal. */
  decide(verb: 'approve' | 'reject', input: { id: number; reason: string; by?: string }): Promise<string | null>;
  /** A manual run of a definition: its run id, or why there is none. */
  start(name: string): Promise<{ runId: number | null; message: string | null }>;
}

/** How many runs the Pipelines page lists, newest first, over every pipeline. */
const RUNS_SHOWN = 200;

export const usePipelines = create<PipelinesState>((set, get) => ({
  definitions: [],
  runs: [],
  loaded: false,
  error: null,
  run: null,
  runError: null,
  datasetIds: new Map(),

  async load() {
    try {
      const [definitions, runs] = await Promise.all([api.call('pipelines.list', {}), api.call('pipelines.runs', { limit: RUNS_SHOWN })]);
      set({ definitions, runs, loaded: true, error: null });
    } catch (err) {
      set({ error: errorMessage(err), loaded: true });
    }
  },

  async loadRun(id) {
    if (get().run?.id !== id) set({ run: null, runError: null });
    try {
      const [run, datasets] = await Promise.all([api.call('pipelines.get', { id }), api.call('datasets.list', {})]);
      set({ run, runError: null, datasetIds: new Map(datasets.map((d) => [d.name, d.id])) });
    } catch (err) {
      set({ runError: errorMessage(err) });
    }
  },

  async decide(verb, input) {
    try {
      const run = await api.call(verb === 'approve' ? 'pipelines.approve' : 'pipelines.reject', input);
      set({ run });
      return null;
    } catch (err) {
      return errorMessage(err);
    }
  },

  async start(name) {
    try {
      const { runId, reason } = await api.call('pipelines.start', { name });
      void get().load();
      return { runId, message: reason };
    } catch (err) {
      return { runId: null, message: errorMessage(err) };
    }
  },
}));
