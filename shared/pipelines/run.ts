import type { MonitorEvent, TriggerKind } from './spec';

// What a pipeline run looks like to the CLI, the app and webhooks.

export const PIPELINE_RUN_STATUSES = ['running', 'succeeded', 'gate_failed', 'waiting_approval', 'rejected', 'failed', 'interrupted'] as const;
export type PipelineRunStatus = (typeof PIPELINE_RUN_STATUSES)[number];
export type StepStatus = 'pending' | 'running' | 'succeeded' | 'gate_failed' | 'waiting' | 'failed' | 'skipped';

/**
 * promoted: the challenger became champion; challenger: it was pointed at by `challenger`;
 * registered: a version was made, no alias moved; held_back: a gate after training failed;
 * stopped: a gate before training (data quality, drift, budget) failed; awaiting_approval,
 * approved, rejected: a person decides; none: the pipeline has no model to decide on.
 */
export type PipelineDecision = 'promoted' | 'challenger' | 'registered' | 'held_back' | 'stopped' | 'awaiting_approval' | 'approved' | 'rejected' | 'none';

export interface PipelineTrigger {
  kind: TriggerKind;
  /** Unique per pipeline: the same file, version or schedule tick never starts two runs. */
  key: string;
  /** For people: the file, the dataset version, the scheduled time. */
  label: string;
  file?: string;
  datasetVersionId?: number;
  /** A monitor trigger: what the timeline of the new data found. */
  monitor?: MonitorFiring;
}

/** One change the monitoring timeline found in a new data item. */
export interface MonitorFinding {
  kind: MonitorEvent;
  /** A timeline series (drift_share, accuracy, realized_value, ...) or a feature column's drift score. */
  series?: string;
  column?: string;
  /** The timeline chunk: where a sudden change starts, or the first alerting chunk. */
  chunk: number;
  /** sudden: the shift in the series' level; gradual: Theil-Sen slope per chunk and the Mann-Kendall p. */
  magnitude?: number;
  slope?: number;
  p?: number;
}

export interface MonitorFiring {
  model: string;
  /** The timeline's chunks: the new item's are from `firstChunk` on; those before are the previous item's. */
  chunks: number;
  firstChunk: number;
  /** Every finding; the trigger fired on those whose kind is in the spec's `on`. */
  findings: MonitorFinding[];
  fired: MonitorFinding[];
}

export interface PipelineStepRecord {
  name: string;
  type: string;
  status: StepStatus;
  startedAt: number | null;
  endedAt: number | null;
  durationMs: number | null;
  log: string[];
  /** Run ids, evaluation ids, versions, measurements: what later steps and people follow. */
  outputs: Record<string, unknown>;
  error: string | null;
}

export interface PipelineApproval {
  decision: 'approved' | 'rejected';
  by: string;
  reason: string;
  at: number;
}

export interface PipelineRunRecord {
  id: number;
  pipeline: string;
  trigger: PipelineTrigger;
  status: PipelineRunStatus;
  decision: PipelineDecision | null;
  reason: string | null;
  createdAt: number;
  endedAt: number | null;
  steps: PipelineStepRecord[];
  approvals: PipelineApproval[];
}

export interface PipelineRunSummary {
  id: number;
  pipeline: string;
  trigger: string;
  status: PipelineRunStatus;
  decision: PipelineDecision | null;
  reason: string | null;
  createdAt: number;
  endedAt: number | null;
}
