import { z } from 'zod';
import { datasetKey } from './keys';
import type { RunSummary } from '../../domain';

// Model-assisted labeling: suggestions from a finished run, likely label errors, and retraining on
// the newly labeled version.
export const labelingAssistCalls = {
  /**
   * Runs with whether each can assist with the dataset's latest version (and why not): finished
   * runs, those that fit first; with `runId`, that run alone, whatever its status.
   */
  'labels.assistRuns': z.object({ datasetId: datasetKey, runId: z.string().min(1).optional() }),
  /** Predicts every item of the latest version with a finished run and keeps the results as suggestions. */
  'labels.suggest': z.object({ datasetId: datasetKey, runId: z.string().min(1) }),
  /**
   * Likely label errors of the latest version: out-of-fold probabilities from `folds` models
   * trained with the run's configuration, then confident learning (prune by noise rate).
   */
  'labels.findErrors': z.object({ datasetId: datasetKey, runId: z.string().min(1), folds: z.number().int().min(2).max(10).default(5) }),
  /** Stops the dataset's findErrors between two batches; the label issues found before stay as they were. */
  'labels.cancelFindErrors': z.object({ datasetId: datasetKey }),
  /** Commits the labels as a new version and starts a run with the run's configuration on it: one action. */
  'labels.retrain': z.object({ datasetId: datasetKey, runId: z.string().min(1) }),
} satisfies Record<string, z.ZodType>;

/** A run offered to assist with labeling: `reason` says why it can't; `reuses`, the settings its fold and retrained models take. */
export interface AssistRun {
  run: RunSummary;
  eligible: boolean;
  reason: string | null;
  reuses: string;
}

export interface LabelingAssistResults {
  'labels.assistRuns': AssistRun[];
  'labels.suggest': { runId: string; suggested: number };
  /** `epochs`: epochs trained over all fold models; `seconds`: wall time of the cross-validation; `reuses`: the run's settings the fold models took. */
  'labels.findErrors': { runId: string; folds: number; issues: number; checked: number; epochs: number; seconds: number; reuses: string };
  'labels.cancelFindErrors': { cancelled: boolean };
  'labels.retrain': { version: number; runId: string };
}
