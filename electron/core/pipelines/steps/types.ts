import type { PipelineDecision, PipelineRunStatus, PipelineTrigger, StepStatus } from '../../../../shared/pipelines/run';
import type { PipelineSpec, StepOf, StepType } from '../../../../shared/pipelines/spec';
import type { Services } from '../../services';

/** The services a pipeline's steps use: data, training, the registry and evaluation. */
export type PipelineDeps = Pick<
  Services,
  'dataDir' | 'db' | 'events' | 'blobs' | 'runs' | 'datasets' | 'training' | 'registry' | 'predictions' | 'evaluations'
>;

/** What the steps before this one left behind (their outputs, merged in order). */
export interface RunState {
  /** The dataset version the pipeline works on. */
  versionId?: number;
  /** The challenger's training run. */
  runId?: string;
  /** The challenger's registry version. */
  modelVersion?: number;
  /** The champion compared with, as it was then (null: there was none). */
  champion?: { version: number; runId: string | null } | null;
  /** compare: how much better the challenger is on compare's metric (sign-corrected: > 0 is better). */
  improvement?: number;
  metric?: string;
}

export interface RunOutcome {
  status: PipelineRunStatus;
  decision: PipelineDecision | null;
  reason: string | null;
  steps: { name: string; status: StepStatus }[];
}

/** What every step is given; StepEnv adds its own spec. */
export interface RunEnv {
  deps: PipelineDeps;
  spec: PipelineSpec;
  specDir: string;
  pipelineRunId: number;
  trigger: PipelineTrigger;
  state: RunState;
  log(line: string): void;
  /** Outputs known before the step ends (a training run's id), so a restart can pick the step up. */
  checkpoint(outputs: Record<string, unknown>): void;
  /** Outputs of an earlier attempt of this step (a restart); empty on the first. */
  previous: Record<string, unknown>;
  /** The run's outcome so far, for notifications. */
  outcome(): RunOutcome;
}

export type StepEnv<T extends StepType = StepType> = RunEnv & { step: StepOf<T> };

export interface StepResult {
  status: 'succeeded' | 'gate_failed' | 'waiting' | 'skipped';
  outputs: Record<string, unknown>;
  /** Why the run stops here, or what it decided. */
  decision?: { decision: PipelineDecision; reason: string };
}

/**
 * Whether a step cut short by a dead process may simply run again: true when running it twice
 * does no more than running it once (it reads, or checks before it writes). `train` picks up
 * its training run instead (resumed from its checkpoint); `import` fails as interrupted.
 */
export const RERUNNABLE: Record<StepType, boolean> = {
  import: false,
  quality: true,
  drift: true,
  train: true,
  evaluate: true,
  compare: true,
  register: true,
  promote: true,
  export: true,
  notify: true,
};
