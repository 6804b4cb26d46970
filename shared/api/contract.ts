import { z } from 'zod';
import type {
  DatasetInfo,
  DatasetVersionInfo,
  EngineInfo,
  Experiment,
  MetricPoint,
  MetricSeries,
  RunColumns,
  RunDetail,
  RunPage,
  RunProgress,
  RunStatus,
  RunSummary,
} from '../domain';
import { trainConfigSchema } from '../training/config';

// The one contract between the renderer (or any client) and the core. Each call has an input
// schema, validated on the core side by both transports, and a result type. Adding a call: one
// entry here, one in CallResults, one handler in electron/core/handlers.ts.

const runId = z.string().min(1).max(64);

export const calls = {
  'app.info': z.object({}),
  'experiments.list': z.object({}),
  'experiments.create': z.object({ name: z.string().trim().min(1).max(200) }),
  'runs.list': z.object({ experimentId: z.number().int().optional() }),
  'runs.query': z.object({
    experimentId: z.number().int().optional(),
    filter: z.string().max(10000).optional(),
    sort: z.object({ field: z.string().min(1).max(500), dir: z.enum(['asc', 'desc']) }).optional(),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(5000).default(100),
    includeArchived: z.boolean().default(false),
  }),
  'runs.columns': z.object({ experimentId: z.number().int().optional() }),
  'runs.delete': z.object({ ids: z.array(runId).min(1).max(10000) }),
  'runs.get': z.object({ id: runId }),
  'runs.metrics': z.object({
    ids: z.array(runId).min(1).max(100),
    keys: z.array(z.string()).optional(),
    maxPoints: z.number().int().min(10).max(100000).default(2000),
  }),
  'runs.start': z.object({
    datasetId: z.number().int(),
    datasetVersion: z.number().int().optional(),
    experiment: z.string().trim().min(1).max(200).default('Default'),
    name: z.string().trim().max(200).optional(),
    config: trainConfigSchema,
  }),
  'runs.cancel': z.object({ id: runId }),
  'runs.resume': z.object({ id: runId }),
  'runs.update': z.object({
    id: runId,
    name: z.string().trim().max(200).optional(),
    notes: z.string().max(100000).optional(),
    tags: z.record(z.string(), z.string()).optional(),
    starred: z.boolean().optional(),
    archived: z.boolean().optional(),
  }),
  'datasets.list': z.object({}),
  'datasets.get': z.object({ id: z.number().int() }),
  'datasets.import': z.object({
    path: z.string().min(1),
    name: z.string().trim().min(1).max(200),
    labelColumn: z.string().optional(),
  }),
  'datasets.importSamples': z.object({}),
  /** A native file or folder picker; only the desktop app has one. */
  'dialog.openPath': z.object({ kind: z.enum(['file', 'folder']) }),
} satisfies Record<string, z.ZodType>;

export interface AppInfo {
  version: string;
  dataDir: string;
  transport: 'electron' | 'http';
  /** The engine `auto` resolves to on this machine, probed once in a worker. */
  engine: EngineInfo | null;
  samplesAvailable: string[];
}

export interface CallResults {
  'app.info': AppInfo;
  'experiments.list': Experiment[];
  'experiments.create': Experiment;
  'runs.list': RunSummary[];
  'runs.query': RunPage;
  'runs.columns': RunColumns;
  'runs.delete': { deleted: string[] };
  'runs.get': RunDetail;
  'runs.metrics': MetricSeries[];
  'runs.start': RunSummary;
  'runs.cancel': RunSummary;
  'runs.resume': RunSummary;
  'runs.update': RunSummary;
  'datasets.list': DatasetInfo[];
  'datasets.get': DatasetInfo & { versions: DatasetVersionInfo[] };
  'datasets.import': DatasetInfo;
  'datasets.importSamples': DatasetInfo[];
  'dialog.openPath': string | null;
}

/** Pushed by the core to every connected client. */
export interface Events {
  'run.status': { runId: string; status: RunStatus; error: string | null; run: RunSummary };
  'run.progress': { runId: string; progress: RunProgress };
  'run.metrics': { runId: string; points: MetricPoint[] };
  'datasets.changed': { datasetId: number };
  'runs.deleted': { ids: string[] };
}

export type CallName = keyof typeof calls & keyof CallResults;
export type CallInput<K extends CallName> = z.input<(typeof calls)[K]>;
export type CallArgs<K extends CallName> = z.output<(typeof calls)[K]>;
export type EventName = keyof Events;

export interface CairnError {
  code: 'invalid_input' | 'not_found' | 'conflict' | 'unauthorized' | 'internal' | 'unknown_call' | 'bad_request' | 'unsupported';
  message: string;
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
