import type { PipelineRunRecord, PipelineRunStatus, PipelineStepRecord, PipelineTrigger } from '../../../shared/pipelines/run';
import type { StepType } from '../../../shared/pipelines/spec';
import { UserError } from '../errors';
import { isOtherProcessAlive } from '../process-alive';
import { notifyStep } from './notify';
import { PipelineStore, type StoredRun } from './pipeline-store';
import type { LoadedSpec } from './spec-file';
import { manualTrigger, pendingTriggers } from './triggers';
import { driftStep, importStep, qualityStep } from './steps/data-steps';
import { compareStep, evaluateStep, trainStep } from './steps/model-steps';
import { exportStep, moveAlias, promoteStep, registerStep } from './steps/registry-steps';
import { RERUNNABLE, type RunEnv, type RunOutcome, type RunState, type StepEnv, type StepResult, type PipelineDeps } from './steps/types';

const STEPS: { [T in StepType]: (env: StepEnv<T>) => Promise<StepResult> } = {
  import: importStep,
  quality: qualityStep,
  drift: driftStep,
  train: trainStep,
  evaluate: evaluateStep,
  compare: compareStep,
  register: registerStep,
  promote: promoteStep,
  export: exportStep,
  notify: notifyStep,
};

/** The statuses that stop the steps after them (notify steps still run, to tell people). */
const HALTS = new Set(['failed', 'gate_failed', 'waiting']);

/**
 * Runs pipeline steps in order, storing each step's status, log and outputs as it goes, so a
 * run can be shown live, picked up after its process died, and continued after an approval.
 */
export class PipelineRunner {
  readonly store: PipelineStore;

  constructor(private readonly deps: PipelineDeps) {
    this.store = new PipelineStore(deps.db);
  }

  /** Starts and runs a run for the trigger; null when this trigger already started one. */
  async start(loaded: LoadedSpec, trigger: PipelineTrigger): Promise<PipelineRunRecord | null> {
    const runId = this.create(loaded, trigger);
    return runId === null ? null : this.execute(runId);
  }

  /** Creates the run and runs it in the background (for the app); null when the trigger already started one. */
  launch(loaded: LoadedSpec, trigger: PipelineTrigger): number | null {
    const runId = this.create(loaded, trigger);
    if (runId !== null)
      this.execute(runId).catch((err: unknown) => console.error(`cairn: pipeline run ${runId}: ${err instanceof Error ? err.message : String(err)}`));
    return runId;
  }

  /**
   * What `run` runs now: the oldest new file or dataset version, or (manual, schedule) a manual
   * trigger; null with the reason when there is nothing new. `note` hears of monitored items judged
   * and found quiet.
   */
  async nextTrigger(
    loaded: LoadedSpec,
    note?: (line: string) => void,
  ): Promise<{ trigger: PipelineTrigger; waiting: number } | { trigger: null; reason: string }> {
    const t = loaded.spec.trigger;
    if (t.kind === 'manual' || t.kind === 'schedule') return { trigger: manualTrigger(), waiting: 0 };
    const pending = await pendingTriggers(this.deps, this.store, this.store.upsertPipeline(loaded.spec, loaded.file), loaded, note);
    const next = pending[0];
    if (next) return { trigger: next, waiting: pending.length - 1 };
    if (t.kind === 'monitor')
      return {
        trigger: null,
        reason: `the monitoring timeline of ${t.model} shows no ${t.on.join(', ')} in new ${t.folder !== undefined ? `files matching ${t.glob}` : `versions of ${t.dataset}`}`,
      };
    return {
      trigger: null,
      reason: t.kind === 'watch' ? `no new file matching ${t.glob} in the watched folder` : `no new version of ${t.dataset ?? loaded.spec.dataset}`,
    };
  }

  /** Why `start` or `launch` made no run for a trigger: another run of the pipeline is under way, or another process took the trigger. */
  notStarted(loaded: LoadedSpec): string {
    const id = this.store.pipelineId(loaded.spec.name);
    const busy = id === null ? null : this.store.underWay(id);
    return busy === null ? 'another process took this trigger' : `run #${busy} of ${loaded.spec.name} is under way; its runs go one at a time`;
  }

  private create(loaded: LoadedSpec, trigger: PipelineTrigger): number | null {
    const pipelineId = this.store.upsertPipeline(loaded.spec, loaded.file);
    return this.store.createRun(pipelineId, loaded.spec, loaded.dir, trigger);
  }

  /** Runs of this pipeline whose process died mid-step: each is taken over and carried on. */
  async recover(loaded: LoadedSpec, onRecover: (runId: number) => void = () => {}): Promise<PipelineRunRecord[]> {
    const pipelineId = this.store.upsertPipeline(loaded.spec, loaded.file);
    const out: PipelineRunRecord[] = [];
    for (const id of this.store.orphans(pipelineId, isOtherProcessAlive)) {
      onRecover(id);
      this.store.claim(id);
      out.push(await this.execute(id));
    }
    return out;
  }

  approve(runId: number, by: string, reason: string): Promise<PipelineRunRecord> {
    const { stored, position, step } = this.takeWaiting(runId);
    const env = this.env(stored, position);
    const version = step.outputs.modelVersion as number;
    const why = `approved by ${by}: ${reason}`;
    moveAlias(env, version, 'champion', why);
    this.store.addApproval(runId, { decision: 'approved', by, reason, at: Date.now() });
    this.store.endStep(runId, position, 'succeeded', { ...step.outputs, alias: 'champion', approvedBy: by }, null);
    this.store.setDecision(runId, 'approved', `${stored.spec.model} v${version} is champion: ${why}`);
    return this.execute(runId);
  }

  reject(runId: number, by: string, reason: string): Promise<PipelineRunRecord> {
    const { stored, position, step } = this.takeWaiting(runId);
    this.store.addApproval(runId, { decision: 'rejected', by, reason, at: Date.now() });
    this.store.endStep(runId, position, 'failed', null, `rejected by ${by}: ${reason}`);
    this.store.setDecision(runId, 'rejected', `${stored.spec.model} v${step.outputs.modelVersion as number} stays challenger: rejected by ${by}: ${reason}`);
    return this.execute(runId, 'rejected');
  }

  private takeWaiting(runId: number): { stored: StoredRun; position: number; step: StoredRun['record']['steps'][number] } {
    const stored = this.store.get(runId);
    if (stored.record.status !== 'waiting_approval' || !this.store.takeWaiting(runId)) {
      throw new UserError(
        `Pipeline run ${runId} is ${stored.record.status.replace('_', ' ')}; only a run waiting for approval can be approved or rejected`,
        'conflict',
      );
    }
    const position = stored.record.steps.findIndex((s) => s.status === 'waiting');
    const step = stored.record.steps[position];
    if (!step) throw new UserError(`Pipeline run ${runId} has no step waiting for approval`, 'conflict');
    return { stored, position, step };
  }

  private async execute(runId: number, final?: PipelineRunStatus): Promise<PipelineRunRecord> {
    const count = this.store.get(runId).spec.steps.length;
    for (let i = 0; i < count; i++) {
      const stored = this.store.get(runId);
      const row = stored.record.steps[i];
      const type = stored.spec.steps[i]?.type;
      if (!row || !type || (row.status !== 'pending' && row.status !== 'running')) continue;
      const halt = stored.record.steps.slice(0, i).find((s) => s.type !== 'notify' && HALTS.has(s.status));
      if (halt && type !== 'notify') {
        // A run waiting for a person keeps its later steps for after the approval.
        if (halt.status !== 'waiting') this.store.endStep(runId, i, 'skipped', null, null);
        continue;
      }
      if (row.status === 'running' && !RERUNNABLE[type]) {
        this.store.endStep(runId, i, 'failed', null, `interrupted: the process running ${row.name} died, and ${type} is not safe to run twice`);
        this.changed(stored);
        continue;
      }
      await this.runStep(stored, i);
    }
    const stored = this.store.get(runId);
    const status = final ?? statusOf(stored.record.steps);
    if (status === 'succeeded' && stored.record.decision === null) this.store.setDecision(runId, 'none', 'every step finished; no model was registered');
    const failed = stored.record.steps.find((s) => s.type !== 'notify' && s.status === 'failed');
    if ((status === 'failed' || status === 'interrupted') && failed) this.store.setDecision(runId, stored.record.decision, `${failed.name}: ${failed.error}`);
    this.store.finish(runId, status);
    this.changed(stored);
    return this.store.get(runId).record;
  }

  private async runStep(stored: StoredRun, i: number): Promise<void> {
    const runId = stored.record.id;
    const env = this.env(stored, i);
    this.store.startStep(runId, i);
    this.changed(stored);
    try {
      const result = await (STEPS[env.step.type] as (e: StepEnv) => Promise<StepResult>)(env);
      this.store.endStep(runId, i, result.status, result.outputs, null);
      if (result.decision) this.store.setDecision(runId, result.decision.decision, result.decision.reason);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (!(err instanceof UserError) && process.env.CAIRN_DEBUG) console.error(err);
      env.log(`error: ${message}`);
      this.store.endStep(runId, i, 'failed', null, message);
    }
    this.changed(stored);
  }

  private env(stored: StoredRun, position: number): StepEnv {
    const runId = stored.record.id;
    const done = stored.record.steps.slice(0, position).filter((s) => s.status === 'succeeded' || s.status === 'skipped' || s.status === 'waiting');
    const state = Object.assign({}, ...done.map((s) => s.outputs)) as RunState;
    const step = stored.record.steps[position];
    const base: RunEnv = {
      deps: this.deps,
      spec: stored.spec,
      specDir: stored.specDir,
      pipelineRunId: runId,
      trigger: stored.record.trigger,
      state,
      previous: step?.status === 'running' ? step.outputs : {},
      log: (line) => this.store.appendLog(runId, position, line),
      checkpoint: (outputs) => this.store.setOutputs(runId, position, outputs),
      outcome: () => this.outcome(runId),
    };
    return { ...base, step: stored.spec.steps[position] } as StepEnv;
  }

  private outcome(runId: number): RunOutcome {
    const r = this.store.get(runId).record;
    const decided = r.steps.filter((s) => s.status !== 'pending' && s.status !== 'running');
    return { status: statusOf(decided), decision: r.decision, reason: r.reason, steps: r.steps.map((s) => ({ name: s.name, status: s.status })) };
  }

  private changed(stored: StoredRun): void {
    this.deps.events.emit('pipelines.changed', { runId: stored.record.id, pipeline: stored.record.pipeline });
  }
}

/** A run's status from its steps; notify steps never change it. */
function statusOf(steps: PipelineStepRecord[]): PipelineRunStatus {
  const decisive = steps.filter((s) => s.type !== 'notify');
  const failed = decisive.find((s) => s.status === 'failed');
  if (failed) return failed.error?.startsWith('interrupted') ? 'interrupted' : 'failed';
  if (decisive.some((s) => s.status === 'gate_failed')) return 'gate_failed';
  if (decisive.some((s) => s.status === 'waiting')) return 'waiting_approval';
  return 'succeeded';
}
