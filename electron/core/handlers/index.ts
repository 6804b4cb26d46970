import { appCalls, type AppResults } from '../../../shared/api/calls/app';
import { datasetCalls, type DatasetResults } from '../../../shared/api/calls/datasets';
import { evaluationCalls, type EvaluationResults } from '../../../shared/api/calls/evaluation';
import { labelingCalls, type LabelingResults } from '../../../shared/api/calls/labeling';
import { labelingAssistCalls, type LabelingAssistResults } from '../../../shared/api/calls/labeling-assist';
import { modelCalls, type ModelResults } from '../../../shared/api/calls/models';
import { monitoringCalls, type MonitoringResults } from '../../../shared/api/calls/monitoring';
import { pipelineCalls, type PipelineResults } from '../../../shared/api/calls/pipelines';
import { runCalls, type RunResults } from '../../../shared/api/calls/runs';
import { settingsCalls, type SettingsResults } from '../../../shared/api/calls/settings';
import { sweepCalls, type SweepResults } from '../../../shared/api/calls/sweeps';
import type { CallName } from '../../../shared/api/contract';
import type { Services } from '../services';
import type { FeatureHandlers } from './types';

export type { Handlers } from './types';

interface FeatureResults {
  app: AppResults;
  settings: SettingsResults;
  runs: RunResults;
  datasets: DatasetResults;
  sweeps: SweepResults;
  monitoring: MonitoringResults;
  models: ModelResults;
  evaluation: EvaluationResults;
  labeling: LabelingResults;
  labelingAssist: LabelingAssistResults;
  pipelines: PipelineResults;
}
export type Feature = keyof FeatureResults;

// A call the contract has but no feature answers fails to compile here.
type Answered = { [F in Feature]: keyof FeatureResults[F] }[Feature];
const everyCallAnswered: Exclude<CallName, Answered> extends never ? true : Exclude<CallName, Answered> = true;
void everyCallAnswered;

const CALLS: { [F in Feature]: Record<keyof FeatureResults[F], unknown> } = {
  app: appCalls,
  settings: settingsCalls,
  runs: runCalls,
  datasets: datasetCalls,
  sweeps: sweepCalls,
  monitoring: monitoringCalls,
  models: modelCalls,
  evaluation: evaluationCalls,
  labeling: labelingCalls,
  labelingAssist: labelingAssistCalls,
  pipelines: pipelineCalls,
};

const FEATURE_OF = new Map<string, Feature>(Object.entries(CALLS).flatMap(([feature, calls]) => Object.keys(calls).map((name) => [name, feature as Feature])));

export function featureOf(name: CallName): Feature {
  return FEATURE_OF.get(name)!;
}

/**
 * Each feature's handlers, loaded with their modules on the feature's first call: `cairn runs
 * list` loads the run handlers, not pipelines, labeling or evaluation.
 */
export const FEATURE_HANDLERS: { [F in Feature]: (s: Services) => Promise<FeatureHandlers<FeatureResults[F]>> } = {
  app: async (s) => (await import('./app')).appHandlers(s),
  settings: async (s) => (await import('./settings')).settingsHandlers(s),
  runs: async (s) => (await import('./runs')).runHandlers(s),
  datasets: async (s) => (await import('./datasets')).datasetHandlers(s),
  sweeps: async (s) => (await import('./sweeps')).sweepHandlers(s),
  monitoring: async (s) => (await import('./monitoring')).monitoringHandlers(s),
  models: async (s) => (await import('./models')).modelHandlers(s),
  evaluation: async (s) => (await import('./evaluation')).evaluationHandlers(s),
  labeling: async (s) => (await import('./labeling')).labelingHandlers(s),
  labelingAssist: async (s) => (await import('./labeling-assist')).labelingAssistHandlers(s),
  pipelines: async (s) => (await import('./pipelines')).pipelineHandlers(s),
};
