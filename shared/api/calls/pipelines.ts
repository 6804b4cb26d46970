import { z } from 'zod';
import type { PipelineRunRecord, PipelineRunSummary } from '../../pipelines/run';
import type { PipelineSpec } from '../../pipelines/spec';

export interface PipelineDefinition {
  name: string;
  spec: PipelineSpec;
  /** The YAML file it was last run from. */
  sourcePath: string | null;
  updatedAt: number;
  lastRun: PipelineRunSummary | null;
}

const decision = z.object({
  id: z.number().int().min(1),
  reason: z.string().trim().min(1, 'say why').max(2000),
  /** Who decides; default: the labeler name in settings, else the OS user of the core. */
  by: z.string().trim().min(1).max(200).optional(),
});

export const pipelineCalls = {
  /** The pipelines run so far (by the CLI or the app), as last seen. */
  'pipelines.list': z.object({}),
  'pipelines.runs': z.object({ pipeline: z.string().min(1).max(200).optional(), limit: z.number().int().min(1).max(1000).default(100) }),
  'pipelines.get': z.object({ id: z.number().int().min(1) }),
  'pipelines.approve': decision,
  'pipelines.reject': decision,
  /** Runs a known pipeline once, in the background (its oldest new trigger; manual and schedule: now); `pipelines.changed` events follow it. */
  'pipelines.start': z.object({ name: z.string().min(1).max(200) }),
} satisfies Record<string, z.ZodType>;

export interface PipelineResults {
  'pipelines.list': PipelineDefinition[];
  'pipelines.runs': PipelineRunSummary[];
  'pipelines.get': PipelineRunRecord;
  'pipelines.approve': PipelineRunRecord;
  'pipelines.reject': PipelineRunRecord;
  /** runId null: nothing to do, and why. */
  'pipelines.start': { runId: number | null; reason: string | null };
}
