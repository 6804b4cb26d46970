import { z } from 'zod';
import { datasetKey, experimentKey } from './keys';
import type { Experiment, MetricSeries, RunColumns, RunDetail, RunLoggedModel, RunPage, RunSummary } from '../../domain';
import { strictTrainConfigSchema } from '../../training/config-paths';

const runId = z.string().min(1).max(64);

export const runCalls = {
  'experiments.list': z.object({}),
  'experiments.create': z.object({ name: z.string().trim().min(1).max(200) }),
  'runs.list': z.object({ experimentId: experimentKey.optional() }),
  'runs.query': z.object({
    experimentId: experimentKey.optional(),
    filter: z.string().max(10000).optional(),
    sort: z.object({ field: z.string().min(1).max(500), dir: z.enum(['asc', 'desc']) }).optional(),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(5000).default(100),
    includeArchived: z.boolean().default(false),
  }),
  'runs.columns': z.object({ experimentId: experimentKey.optional() }),
  'runs.delete': z.object({ ids: z.array(runId).min(1).max(10000) }),
  'runs.get': z.object({ id: runId }),
  'runs.metrics': z.object({
    ids: z.array(runId).min(1).max(100),
    keys: z.array(z.string()).optional(),
    maxPoints: z.number().int().min(10).max(100000).default(2000),
  }),
  'runs.start': z.object({
    datasetId: datasetKey,
    datasetVersion: z.number().int().optional(),
    experiment: z.string().trim().min(1).max(200).default('Default'),
    name: z.string().trim().max(200).optional(),
    config: strictTrainConfigSchema,
  }),
  'runs.cancel': z.object({ id: runId }),
  /** Answers when a run ends (at once if it has ended): one this core trains, or another process's, followed in the store until it ends or its process is gone (interrupted). */
  'runs.wait': z.object({ id: runId }),
  'runs.resume': z.object({ id: runId }),
  /** The same config, seed and dataset version again: on cpu and wasm, the same metrics. */
  'runs.rerun': z.object({ id: runId }),
  'runs.update': z.object({
    id: runId,
    name: z.string().trim().max(200).optional(),
    notes: z.string().max(100000).optional(),
    tags: z.record(z.string(), z.string()).optional(),
    starred: z.boolean().optional(),
    archived: z.boolean().optional(),
  }),
} satisfies Record<string, z.ZodType>;

export interface RunResults {
  'experiments.list': Experiment[];
  'experiments.create': Experiment;
  'runs.list': RunSummary[];
  'runs.query': RunPage;
  'runs.columns': RunColumns;
  'runs.delete': { deleted: string[] };
  /** The run, with the models an MLflow 3 client logged from it. */
  'runs.get': RunDetail & { loggedModels: RunLoggedModel[] };
  'runs.metrics': MetricSeries[];
  'runs.start': RunSummary;
  'runs.cancel': RunSummary;
  'runs.wait': RunDetail;
  'runs.resume': RunSummary;
  'runs.rerun': RunSummary;
  'runs.update': RunSummary;
}
