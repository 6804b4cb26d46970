import type { z } from 'zod';
import type { MetricPoint, RunProgress, RunStatus, RunSummary } from '../domain';
import { appCalls, type AppResults } from './calls/app';
import { datasetCalls, type DatasetResults } from './calls/datasets';
import { labelingCalls, type LabelingResults } from './calls/labeling';
import { labelingAssistCalls, type LabelingAssistResults } from './calls/labeling-assist';
import { evaluationCalls, type EvaluationResults } from './calls/evaluation';
import { modelCalls, type ModelResults } from './calls/models';
import { monitoringCalls, type MonitoringResults } from './calls/monitoring';
import { pipelineCalls, type PipelineResults } from './calls/pipelines';
import { runCalls, type RunResults } from './calls/runs';
import { settingsCalls, type SettingsResults } from './calls/settings';
import { sweepCalls, type SweepResults } from './calls/sweeps';

export type { AppInfo } from './calls/app';

// The one contract between the renderer (or any client) and the core. Each call has an input
// schema, validated on the core side by both transports, and a result type. Calls are declared
// per feature in ./calls/<feature>.ts and gathered here; a handler for each lives in
// electron/core/handlers/<feature>.ts. The compiler finds whatever is missing.

export const calls = {
  ...appCalls,
  ...runCalls,
  ...datasetCalls,
  ...modelCalls,
  ...sweepCalls,
  ...monitoringCalls,
  ...evaluationCalls,
  ...settingsCalls,
  ...labelingCalls,
  ...labelingAssistCalls,
  ...pipelineCalls,
};

export interface CallResults
  extends
    AppResults,
    RunResults,
    DatasetResults,
    ModelResults,
    SweepResults,
    MonitoringResults,
    EvaluationResults,
    SettingsResults,
    LabelingResults,
    LabelingAssistResults,
    PipelineResults {}

/** Rows written to the store by this process or, `external`, by another one on the same data folder. */
export interface StoreChange {
  tables: string[];
  /**
   * Per table, the keys of the rows written: their id, or for rows the pages find by what they
   * belong to, that (labels by item, versions by dataset: electron/core/store/change-keys.ts).
   * A table in `tables` but not here: any of its rows may have changed.
   */
  ids: Record<string, (string | number)[]>;
  external: boolean;
}

/** Pushed by the core to every connected client. */
export interface Events {
  /** Published by the store after every committed write, whoever made it (a window, the CLI). */
  changed: StoreChange;
  'run.status': { runId: string; status: RunStatus; error: string | null; run: RunSummary };
  'run.progress': { runId: string; progress: RunProgress };
  'run.metrics': { runId: string; points: MetricPoint[] };
  /** Cross-validation for likely label errors: training progress of fold `fold` (1-based) of `folds`. */
  'labels.findErrorsProgress': { datasetId: number; runId: string; fold: number; folds: number; progress: RunProgress };
  /** A long import's progress: bytes read of the file's size. */
  'datasets.importProgress': { path: string; phase: 'checking' | 'importing'; done: number; total: number };
  'runs.deleted': { ids: string[] };
  /** A pipeline run's step or status changed; the Pipelines page refreshes it. */
  'pipelines.changed': { runId: number; pipeline: string };
  /** A pipeline's notify step: the desktop app shows it as a system notification. */
  'pipelines.notice': {
    pipeline: string;
    runId: number;
    trigger: string;
    status: string;
    decision: string | null;
    reason: string | null;
    steps: { name: string; status: string }[];
    title: string;
    body: string;
  };
}

export type CallName = keyof typeof calls & keyof CallResults;
export type CallInput<K extends CallName> = z.input<(typeof calls)[K]>;
export type CallArgs<K extends CallName> = z.output<(typeof calls)[K]>;
export type EventName = keyof Events;

/**
 * Every code a call fails with. forbidden: not for this caller (a path outside `cairn serve`'s
 * folders); payload_too_large: a body over the transport's cap. Only `internal` may pass on retry.
 */
export const ERROR_CODES = [
  'invalid_input',
  'not_found',
  'conflict',
  'unauthorized',
  'forbidden',
  'payload_too_large',
  'internal',
  'unknown_call',
  'bad_request',
  'unsupported',
] as const;

/** An answer the core gave on purpose: sending the same call again gives the same answer. */
export function isFinalCode(code: unknown): boolean {
  return typeof code === 'string' && code !== 'internal' && (ERROR_CODES as readonly string[]).includes(code);
}

export interface CairnError {
  code: (typeof ERROR_CODES)[number];
  message: string;
  /** The call input that would let the call through (e.g. `reason` for a champion override); each client names it its own way. */
  field?: string;
  /** For invalid_input: each problem with its path in the call's input, so forms can place it. */
  issues?: { path: (string | number)[]; message: string }[];
}

/** What either transport returns for a call. */
export type CallResponse<T> = { ok: true; value: T } | { ok: false; error: CairnError };

/** `window.cairn` in the renderer, whichever transport sits behind it. */
export interface CairnApi {
  call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallResults[K]>;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
}

export function isCallName(name: string): name is CallName {
  return Object.prototype.hasOwnProperty.call(calls, name);
}
