import { calls } from '../../../../shared/api/contract';
import type { EvaluationRecord } from '../../../../shared/api/calls/evaluation';
import { evaluateGate } from '../../../../shared/gates';
import { boundGate, checkRelativeGate, lowerIsBetter, parseRelativeGate } from '../../../../shared/pipelines/gates';
import type { StepOf } from '../../../../shared/pipelines/spec';
import { computeCost } from '../../../../shared/settings';
import { trainConfigSchema, type TrainConfig } from '../../../../shared/training/config';
import { trainingThroughput } from '../../costs';
import { makeSplits, splitsOf } from '../../datasets/splits';
import { UserError } from '../../errors';
import { readSettings } from '../../settings-store';
import { planTrainingRows } from '../../training/training-rows';
import { heldOutRows } from './held-out';
import type { RunEnv, StepEnv, StepResult } from './types';
import { currentChampion, versionLabel, workingVersion } from './working-data';

/**
 * Trains the challenger on the version's `train` part (a seeded split is stored first if it has
 * none). Before spending, estimates time and cost from measured throughput and stops at the budget.
 */
export async function trainStep(env: StepEnv<'train'>): Promise<StepResult> {
  const { deps, spec, step } = env;
  const v = workingVersion(env);
  const resumed = env.previous.runId;
  if (typeof resumed === 'string') return awaitRun(env, resumed, env.previous, true);

  if (!splitsOf(deps.db, v)) {
    const s = makeSplits(deps.db, deps.datasets.repo, v, spec.split);
    env.log(
      `stored a split on ${versionLabel(deps, v)}: ${s.counts.train} train, ${s.counts.validation} validation, ${s.counts.test} test rows (seed ${spec.split.seed})`,
    );
  }
  const config = trainingConfig(env);
  const trainRows = planTrainingRows(deps.db, v, v.classes, config).trainRows;
  const estimate = estimateTraining(env, config, trainRows);
  const over = overBudget(spec.budget, estimate);
  if (over) return { status: 'gate_failed', outputs: { estimate }, decision: { decision: 'stopped', reason: over } };

  const started = deps.training.start({
    datasetVersionId: v.id,
    experiment: step.experiment ?? `pipeline ${spec.name}`,
    name: `${spec.name} #${env.pipelineRunId}`,
    config,
  });
  env.log(`training run ${started.id} on ${versionLabel(deps, v)} (${trainRows} rows, ${config.epochs} epochs)`);
  const outputs = { runId: started.id, estimate };
  env.checkpoint(outputs);
  return awaitRun(env, started.id, outputs, false);
}

async function awaitRun(env: StepEnv<'train'>, runId: string, outputs: Record<string, unknown>, restarted: boolean): Promise<StepResult> {
  const { deps } = env;
  let run = deps.runs.detail(runId);
  if (restarted && run.status !== 'finished') {
    if ((run.status !== 'interrupted' && run.status !== 'failed') || run.checkpointEpoch === null) {
      throw new UserError(
        `interrupted: training run ${runId} was ${run.status} when the pipeline's process died${run.checkpointEpoch === null ? ', with no checkpoint to resume from' : ''}`,
      );
    }
    deps.training.resume(runId);
    env.log(`resumed training run ${runId} from its epoch ${run.checkpointEpoch} checkpoint`);
  }
  const done = await deps.training.wait(runId);
  run = deps.runs.detail(runId);
  if (done.status !== 'finished') throw new UserError(`training run ${runId} ${done.status}${run.error ? `: ${run.error}` : ''}`);
  const minutes = run.startedAt !== null && run.endedAt !== null ? (run.endedAt - run.startedAt) / 60_000 : null;
  const metrics = Object.fromEntries(Object.entries(run.metrics).map(([k, m]) => [k, m.last]));
  env.log(`training run ${runId} finished${minutes === null ? '' : ` in ${minutes.toFixed(2)} min`}`);
  return { status: 'succeeded', outputs: { ...outputs, runId, minutes, metrics } };
}

function trainingConfig(env: StepEnv<'train'>): TrainConfig {
  const { deps, spec, step } = env;
  let config: unknown = step.config;
  if (step.config === 'champion') {
    const champion = currentChampion(deps, spec.model);
    if (champion) {
      config = champion.runId ? deps.runs.detail(champion.runId).config : champion.lineage.config;
      env.log(`the champion's config (${champion.label})`);
    } else if (step.fallback) {
      config = step.fallback;
      env.log(`${spec.model} has no champion yet: the fallback config`);
    } else throw new UserError(`train: config is "champion" but ${spec.model} has no champion yet; give a fallback config`);
  }
  const parsed = trainConfigSchema.parse(config);
  return spec.engine === 'auto' ? parsed : { ...parsed, engine: spec.engine };
}

interface Estimate {
  trainRows: number;
  epochs: number;
  /** Samples per second measured on earlier finished runs; null before there is one. */
  samplesPerSecond: number | null;
  minutes: number | null;
  cost: number | null;
  currency: string;
}

function estimateTraining(env: StepEnv<'train'>, config: TrainConfig, trainRows: number): Estimate {
  const perMs = trainingThroughput(env.deps.db, env.deps.runs, config.model);
  const settings = readSettings(env.deps.db);
  const ms = perMs === null ? null : (trainRows * config.epochs) / perMs;
  const e = {
    trainRows,
    epochs: config.epochs,
    samplesPerSecond: perMs === null ? null : perMs * 1000,
    minutes: ms === null ? null : ms / 60_000,
    cost: ms === null ? null : computeCost(ms, settings),
    currency: settings.currency,
  };
  env.log(
    e.minutes === null
      ? 'no finished run to measure throughput on yet: no estimate'
      : `estimate: ${e.minutes.toFixed(2)} min, ${e.cost!.toFixed(2)} ${e.currency} at ${Math.round(e.samplesPerSecond!)} samples/s`,
  );
  return e;
}

function overBudget(budget: { maxCost?: number; maxMinutes?: number } | undefined, e: Estimate): string | null {
  if (!budget || e.minutes === null) return null;
  if (budget.maxMinutes !== undefined && e.minutes > budget.maxMinutes)
    return `budget: training is estimated at ${e.minutes.toFixed(2)} min, over maxMinutes ${budget.maxMinutes}; nothing was trained`;
  if (budget.maxCost !== undefined && e.cost! > budget.maxCost)
    return `budget: training is estimated at ${e.cost!.toFixed(2)} ${e.currency}, over maxCost ${budget.maxCost}; nothing was trained`;
  return null;
}

/** The challenger on the version's held-out test rows, against the step's gates. */
export async function evaluateStep(env: StepEnv<'evaluate'>): Promise<StepResult> {
  const { deps, step } = env;
  const runId = requireRun(env);
  const v = workingVersion(env);
  const held = heldOutRows(deps, v, [runId]);
  try {
    if (held.excluded) env.log(`${held.excluded} test rows equal training rows and are left out`);
    const record = await evaluate(
      env,
      runId,
      held.file,
      Object.entries(step.gates).map(([k, b]) => boundGate(k, b).expression),
      step,
    );
    const failed = record.report.gates.filter((g) => !g.passed);
    for (const g of record.report.gates) env.log(`${g.passed ? 'pass' : 'FAIL'} ${g.expression}: ${g.value === null ? g.reason : fmt(g.value)}`);
    const outputs = {
      evaluationId: record.id,
      rows: record.rows,
      accuracy: record.report.overall.accuracy,
      gateStatus: record.gateStatus,
      gates: record.report.gates,
    };
    if (failed.length === 0) return { status: 'succeeded', outputs };
    return {
      status: 'gate_failed',
      outputs,
      decision: { decision: 'held_back', reason: `evaluation #${record.id} on ${record.rows} held-out rows failed ${failed.map(gateText).join(', ')}` },
    };
  } finally {
    held.remove();
  }
}

/** Challenger and champion scored on the same held-out rows; `require` bounds the challenger by the champion. */
export async function compareStep(env: StepEnv<'compare'>): Promise<StepResult> {
  const { deps, spec, step } = env;
  const runId = requireRun(env);
  const champion = currentChampion(deps, spec.model);
  if (!champion?.model) {
    env.log(`${spec.model} has no champion yet: nothing to compare with`);
    return { status: 'skipped', outputs: { champion: null } };
  }
  const evaluateSpec = spec.steps.find((s): s is StepOf<'evaluate'> => s.type === 'evaluate');
  const required = step.require.map(parseRelativeGate);
  const fairnessColumns = required.flatMap((g) => (g.gate.target.kind === 'fairness' ? [g.gate.target.column] : []));
  const sensitive = [...new Set([...(evaluateSpec?.sensitive ?? []), ...fairnessColumns])];
  const absolute = Object.entries(evaluateSpec?.gates ?? {}).map(([k, b]) => boundGate(k, b).expression);
  const v = workingVersion(env);
  const held = heldOutRows(deps, v, [runId, champion.runId]);
  try {
    if (held.excluded) env.log(`${held.excluded} test rows equal rows either model trained on and are left out`);
    for (const u of held.unknown) env.log(`warning: ${u}'s training rows are unknown, so some compared rows may be ones it trained on`);
    const opts = { sensitive, positive: evaluateSpec?.positive, values: evaluateSpec?.values };
    const challenger = await evaluate(env, runId, held.file, absolute, opts);
    const incumbent = await evaluate(env, `${champion.model.name}@${champion.model.version}`, held.file, absolute, opts);
    const results = required.map((g) => checkRelativeGate(g, challenger.report.metrics, incumbent.report.metrics));
    const metricGate = boundGate(step.metric, 0);
    const [mine, theirs] = [evaluateGate(metricGate, challenger.report.metrics).value, evaluateGate(metricGate, incumbent.report.metrics).value];
    const improvement = mine === null || theirs === null ? null : lowerIsBetter(metricGate.metric) ? theirs - mine : mine - theirs;
    env.log(`${step.metric} on ${held.rows} held-out rows: challenger ${fmtN(mine)}, champion ${champion.label} ${fmtN(theirs)}`);
    for (const g of results)
      env.log(
        `${g.passed ? 'pass' : 'FAIL'} ${g.expression}: ${g.value === null ? g.reason : `${fmt(g.value)}${g.championValue === null ? '' : ` (champion ${fmt(g.championValue)})`}`}`,
      );
    const outputs = {
      champion: { version: champion.model.version, runId: champion.runId },
      rows: held.rows,
      challengerEvaluationId: challenger.id,
      championEvaluationId: incumbent.id,
      metric: step.metric,
      challengerValue: mine,
      championValue: theirs,
      improvement,
      expectedValue: challenger.report.business
        ? { challenger: challenger.report.business.atDefault.expectedValuePer1000, champion: incumbent.report.business!.atDefault.expectedValuePer1000 }
        : null,
      gates: results,
    };
    const failed = results.filter((g) => !g.passed);
    if (failed.length === 0) return { status: 'succeeded', outputs };
    const why = failed.map((g) => `${gateText(g)}${g.championValue === null ? '' : ` (champion ${fmt(g.championValue)})`}`).join(', ');
    return {
      status: 'gate_failed',
      outputs,
      decision: { decision: 'held_back', reason: `against champion ${champion.label} on ${held.rows} held-out rows: ${why}` },
    };
  } finally {
    held.remove();
  }
}

function requireRun(env: StepEnv<'evaluate' | 'compare'>): string {
  if (!env.state.runId) throw new UserError(`${env.step.type} needs the challenger a train step trains`);
  return env.state.runId;
}

function evaluate(
  env: RunEnv,
  model: string,
  file: string,
  gates: string[],
  o: { sensitive: string[]; positive?: string; values?: { tp: number; fp: number; tn: number; fn: number } },
): Promise<EvaluationRecord> {
  return env.deps.evaluations.run(
    calls['evaluations.run'].parse({
      model,
      data: { path: file },
      gates,
      sensitive: o.sensitive,
      positive: o.positive,
      values: o.values,
      engine: env.spec.engine,
    }),
  );
}

function gateText(g: { expression: string; value: number | null; reason?: string }): string {
  return `${g.expression} (${g.value === null ? g.reason : fmt(g.value)})`;
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(4);
}

function fmtN(x: number | null): string {
  return x === null ? '-' : fmt(x);
}
