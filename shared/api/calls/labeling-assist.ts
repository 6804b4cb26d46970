import { z } from 'zod';

// Model-assisted labeling: suggestions from a finished run, likely label errors, and retraining on
// the newly labeled version.
export const labelingAssistCalls = {
  /** Predicts every item of the latest version with a finished run and keeps the results as suggestions. */
  'labels.suggest': z.object({ datasetId: z.number().int(), runId: z.string().min(1) }),
  /**
   * Likely label errors of the latest version: out-of-fold probabilities from `folds` models
   * trained with the run's configuration, then confident learning (prune by noise rate).
   */
  'labels.findErrors': z.object({ datasetId: z.number().int(), runId: z.string().min(1), folds: z.number().int().min(2).max(10).default(5) }),
  /** Stops the dataset's findErrors between two batches; the label issues found before stay as they were. */
  'labels.cancelFindErrors': z.object({ datasetId: z.number().int() }),
  /** Commits the labels as a new version and starts a run with the run's configuration on it: one action. */
  'labels.retrain': z.object({ datasetId: z.number().int(), runId: z.string().min(1) }),
} satisfies Record<string, z.ZodType>;

export interface LabelingAssistResults {
  'labels.suggest': { runId: string; suggested: number };
  /** `epochs`: epochs trained over all fold models; `seconds`: wall time of the cross-validation. */
  'labels.findErrors': { runId: string; folds: number; issues: number; checked: number; epochs: number; seconds: number };
  'labels.cancelFindErrors': { cancelled: boolean };
  'labels.retrain': { version: number; runId: string };
}
