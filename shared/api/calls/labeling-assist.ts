import { z } from 'zod';

// Model-assisted labeling: suggestions from a finished run, and likely label errors.
export const labelingAssistCalls = {
  /** Predicts every item of the latest version with a finished run and keeps the results as suggestions. */
  'labels.suggest': z.object({ datasetId: z.number().int(), runId: z.string().min(1) }),
  /**
   * Likely label errors of the latest version: out-of-fold probabilities from `folds` models
   * trained with the run's configuration, then confident learning (prune by noise rate).
   */
  'labels.findErrors': z.object({ datasetId: z.number().int(), runId: z.string().min(1), folds: z.number().int().min(2).max(10).default(5) }),
} satisfies Record<string, z.ZodType>;

export interface LabelingAssistResults {
  'labels.suggest': { runId: string; suggested: number };
  'labels.findErrors': { runId: string; folds: number; issues: number; checked: number };
}
