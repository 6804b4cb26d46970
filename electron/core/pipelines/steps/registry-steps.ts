import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../../errors';
import type { RunEnv, StepEnv, StepResult } from './types';
import { currentChampion } from './working-data';

/** The challenger's model as the next version of the pipeline's model (once per training run). */
export async function registerStep(env: StepEnv<'register'>): Promise<StepResult> {
  const { deps, spec, state } = env;
  if (!state.runId) throw new UserError('register needs the challenger a train step trains');
  const known = deps.registry.modelExists(spec.model) ? deps.registry.get(spec.model).versions.find((v) => v.runId === state.runId) : undefined;
  const v =
    known ??
    deps.registry.register(
      state.runId,
      spec.model,
      env.step.description ?? `trained by pipeline ${spec.name}, run #${env.pipelineRunId} (${env.trigger.label})`,
    );
  env.log(`${known ? 'already registered' : 'registered'} as ${spec.model} v${v.version}`);
  return {
    status: 'succeeded',
    outputs: { model: spec.model, modelVersion: v.version },
    decision: { decision: 'registered', reason: `registered as ${spec.model} v${v.version}` },
  };
}

/**
 * `challenger`: always. `champion`: when there is none yet, or the challenger beat it in compare
 * by the margin (every gate before passed, or the run would have stopped); else the version waits
 * as `challenger` for a person to approve or reject.
 */
export async function promoteStep(env: StepEnv<'promote'>): Promise<StepResult> {
  const { deps, spec, step, state } = env;
  const version = requireVersion(env);
  const outputs = { model: spec.model, modelVersion: version, alias: step.to };
  if (step.to === 'challenger') {
    moveAlias(env, version, 'challenger', `challenger from pipeline ${spec.name}`);
    return { status: 'succeeded', outputs, decision: { decision: 'challenger', reason: `${spec.model} v${version} is the challenger` } };
  }
  const champion = currentChampion(deps, spec.model);
  if (champion?.model?.version === version)
    return { status: 'succeeded', outputs, decision: { decision: 'promoted', reason: `${spec.model} v${version} is the champion` } };
  if (!champion?.model) {
    const reason = `${spec.model} v${version} is the first champion: there was none to compare with, and every gate passed`;
    moveAlias(env, version, 'champion', reason);
    return { status: 'succeeded', outputs, decision: { decision: 'promoted', reason } };
  }
  const compared = state.champion;
  let reason: string;
  if (!compared || compared.version !== champion.model.version) {
    reason = compared
      ? `the champion moved to v${champion.model.version} after compare ran against v${compared.version}`
      : `no compare step measured v${version} against champion v${champion.model.version}`;
  } else {
    const gain = state.improvement ?? null;
    const metric = state.metric ?? 'accuracy';
    if (gain !== null && gain >= step.margin) {
      reason = `${spec.model} v${version} ${gain >= 0 ? 'beat' : 'stayed within the margin of'} champion v${compared.version} on ${metric} (${gain >= 0 ? '+' : ''}${gain.toFixed(4)}, margin ${step.margin}) and every gate passed`;
      moveAlias(env, version, 'champion', reason);
      return { status: 'succeeded', outputs, decision: { decision: 'promoted', reason } };
    }
    reason = `${metric} ${gain === null ? 'could not be compared' : `changed by ${gain >= 0 ? '+' : ''}${gain.toFixed(4)}`}, under the margin ${step.margin} over champion v${compared.version}`;
  }
  moveAlias(env, version, 'challenger', `waiting for approval: ${reason}`);
  env.log(`waiting for a person: cairn pipeline approve ${env.pipelineRunId} --reason "..." (or reject)`);
  return {
    status: 'waiting',
    outputs: { ...outputs, alias: 'challenger' },
    decision: { decision: 'awaiting_approval', reason: `${reason}; waiting for approval` },
  };
}

/** Moves the alias with the pipeline's reason; for `champion`, a version whose latest held-out evaluation did not pass is an override, recorded as such. */
export function moveAlias(env: RunEnv, version: number, alias: string, why: string): void {
  const reason = `pipeline ${env.spec.name} run #${env.pipelineRunId}: ${why}`;
  env.deps.registry.moveAlias(env.spec.model, version, alias, reason);
  env.log(`${env.spec.model}@${alias} -> v${version}`);
}

/** A handoff bundle of the registered version in the step's folder. */
export async function exportStep(env: StepEnv<'export'>): Promise<StepResult> {
  const { deps, spec } = env;
  const version = requireVersion(env);
  const folder = path.resolve(env.specDir, env.step.folder);
  fs.mkdirSync(folder, { recursive: true });
  const out = path.join(folder, `${spec.model}-v${version}.zip`);
  // Loaded here: a bundle needs tfjs and protobufjs, which opening the core must not pay for.
  const { exportBundle } = await import('../../export/bundle');
  const r = await exportBundle({ registry: deps.registry, blobs: deps.blobs, scratchDir: deps.datasets.tmpDir }, `${spec.model}@${version}`, out);
  env.log(`wrote ${r.path}${r.onnx.included ? ' (with ONNX)' : ''}`);
  return { status: 'succeeded', outputs: { path: r.path, onnx: r.onnx.included } };
}

function requireVersion(env: StepEnv<'promote' | 'export'>): number {
  if (env.state.modelVersion === undefined) throw new UserError(`${env.step.type} needs the version a register step makes`);
  return env.state.modelVersion;
}
