import { z } from 'zod';
import { sweepSpecSchema } from '../../sweeps/spec';

export const sweepCalls = {
  'sweeps.start': z.object({ spec: sweepSpecSchema }),
  'sweeps.list': z.object({}),
  'sweeps.get': z.object({ id: z.number().int() }),
  'sweeps.cancel': z.object({ id: z.number().int() }),
  /** Answers when the sweep has ended (at once if it has): one this core runs, or another process's, followed in the store until it ends or its process is gone (interrupted). */
  'sweeps.wait': z.object({ id: z.number().int() }),
} satisfies Record<string, z.ZodType>;

export interface SweepTrialInfo {
  runId: string;
  index: number;
  params: Record<string, unknown>;
  status: string;
  pruned: string | null;
  metric: number | null;
}

export interface SweepInfoResult {
  id: number;
  name: string;
  experimentId: number;
  status: 'running' | 'finished' | 'cancelled' | 'interrupted';
  spec: z.infer<typeof sweepSpecSchema>;
  createdAt: number;
  endedAt: number | null;
  trials: SweepTrialInfo[];
  best: SweepTrialInfo | null;
  warnings?: string[];
}

export interface SweepResults {
  'sweeps.start': SweepInfoResult;
  'sweeps.list': SweepInfoResult[];
  'sweeps.get': SweepInfoResult;
  'sweeps.cancel': SweepInfoResult;
  'sweeps.wait': SweepInfoResult;
}
