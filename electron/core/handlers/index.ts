import type { AppResults } from '../../../shared/api/calls/app';
import type { DatasetResults } from '../../../shared/api/calls/datasets';
import type { EvaluationResults } from '../../../shared/api/calls/evaluation';
import type { LabelingResults } from '../../../shared/api/calls/labeling';
import type { LabelingAssistResults } from '../../../shared/api/calls/labeling-assist';
import type { ModelResults } from '../../../shared/api/calls/models';
import type { MonitoringResults } from '../../../shared/api/calls/monitoring';
import type { PipelineResults } from '../../../shared/api/calls/pipelines';
import type { RunResults } from '../../../shared/api/calls/runs';
import type { SettingsResults } from '../../../shared/api/calls/settings';
import type { SweepResults } from '../../../shared/api/calls/sweeps';
import type { ZodType } from 'zod';
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

type FeatureOf<K extends CallName> = { [F in Feature]: K extends keyof FeatureResults[F] ? F : never }[Feature];

/**
 * The feature that answers each call, so a call loads only its own feature's schemas and
 * handlers. The compiler checks every entry: a call missing here, or put under the wrong feature,
 * does not build.
 */
const FEATURE_OF: { [K in CallName]: FeatureOf<K> } = {
  'app.info': 'app',
  'app.engines': 'app',
  'app.gc': 'app',
  'dialog.openPath': 'app',
  'settings.get': 'settings',
  'settings.set': 'settings',
  'experiments.setBudget': 'settings',
  'experiments.cost': 'settings',
  'experiments.list': 'runs',
  'experiments.create': 'runs',
  'runs.list': 'runs',
  'runs.query': 'runs',
  'runs.columns': 'runs',
  'runs.delete': 'runs',
  'runs.get': 'runs',
  'runs.metrics': 'runs',
  'runs.start': 'runs',
  'runs.cancel': 'runs',
  'runs.wait': 'runs',
  'runs.resume': 'runs',
  'runs.rerun': 'runs',
  'runs.update': 'runs',
  'datasets.list': 'datasets',
  'datasets.get': 'datasets',
  'datasets.version': 'datasets',
  'datasets.import': 'datasets',
  'datasets.importSamples': 'datasets',
  'datasets.quality': 'datasets',
  'datasets.export': 'datasets',
  'datasets.diff': 'datasets',
  'datasets.split': 'datasets',
  'datasets.splits': 'datasets',
  'sweeps.start': 'sweeps',
  'sweeps.list': 'sweeps',
  'sweeps.get': 'sweeps',
  'sweeps.cancel': 'sweeps',
  'sweeps.wait': 'sweeps',
  'monitoring.drift': 'monitoring',
  'monitoring.predictionDrift': 'monitoring',
  'monitoring.timeline': 'monitoring',
  'monitoring.logOutcomes': 'monitoring',
  'monitoring.retrain': 'monitoring',
  'models.list': 'models',
  'models.get': 'models',
  'models.register': 'models',
  'models.alias': 'models',
  'models.export': 'models',
  'models.import': 'models',
  'models.predict': 'models',
  'evaluations.run': 'evaluation',
  'evaluations.get': 'evaluation',
  'evaluations.list': 'evaluation',
  'gates.get': 'evaluation',
  'gates.set': 'evaluation',
  'labels.schema': 'labeling',
  'labels.setSchema': 'labeling',
  'labels.status': 'labeling',
  'labels.queue': 'labeling',
  'labels.save': 'labeling',
  'labels.undo': 'labeling',
  'labels.review': 'labeling',
  'labels.history': 'labeling',
  'labels.commit': 'labeling',
  'labels.agreement': 'labeling',
  'labels.assistRuns': 'labelingAssist',
  'labels.suggest': 'labelingAssist',
  'labels.findErrors': 'labelingAssist',
  'labels.cancelFindErrors': 'labelingAssist',
  'labels.retrain': 'labelingAssist',
  'pipelines.list': 'pipelines',
  'pipelines.runs': 'pipelines',
  'pipelines.get': 'pipelines',
  'pipelines.approve': 'pipelines',
  'pipelines.reject': 'pipelines',
  'pipelines.start': 'pipelines',
};

export function isCallName(name: string): name is CallName {
  return Object.prototype.hasOwnProperty.call(FEATURE_OF, name);
}

export function featureOf(name: CallName): Feature {
  return FEATURE_OF[name];
}

/** Each feature's input schemas, loaded on its first call. */
export const FEATURE_CALLS: { [F in Feature]: () => Promise<Record<keyof FeatureResults[F], ZodType>> } = {
  app: async () => (await import('../../../shared/api/calls/app')).appCalls,
  settings: async () => (await import('../../../shared/api/calls/settings')).settingsCalls,
  runs: async () => (await import('../../../shared/api/calls/runs')).runCalls,
  datasets: async () => (await import('../../../shared/api/calls/datasets')).datasetCalls,
  sweeps: async () => (await import('../../../shared/api/calls/sweeps')).sweepCalls,
  monitoring: async () => (await import('../../../shared/api/calls/monitoring')).monitoringCalls,
  models: async () => (await import('../../../shared/api/calls/models')).modelCalls,
  evaluation: async () => (await import('../../../shared/api/calls/evaluation')).evaluationCalls,
  labeling: async () => (await import('../../../shared/api/calls/labeling')).labelingCalls,
  labelingAssist: async () => (await import('../../../shared/api/calls/labeling-assist')).labelingAssistCalls,
  pipelines: async () => (await import('../../../shared/api/calls/pipelines')).pipelineCalls,
};

/**
 * Each feature's handlers, loaded with their modules on the feature's first call: `cairn runs
 * list` loads the run handlers, not pipelines, labeling or evaluation.
 */
export const FEATURE_HANDLERS: { [F in Feature]: (s: Services) => Promise<FeatureHandlers<FeatureResults[F]>> } = {
  app: async (s) => (await import('./app')).appHandlers(s),
  settings: async (s) => (await import('./settings')).settingsHandlers(s),
  runs: async (s) => (await import('../runs/handlers')).runHandlers(s),
  datasets: async (s) => (await import('../datasets/handlers')).datasetHandlers(s),
  sweeps: async (s) => (await import('../sweeps/handlers')).sweepHandlers(s),
  monitoring: async (s) => (await import('../monitoring/handlers')).monitoringHandlers(s),
  models: async (s) => (await import('../registry/handlers')).modelHandlers(s),
  evaluation: async (s) => (await import('../evaluation/handlers')).evaluationHandlers(s),
  labeling: async (s) => (await import('../labeling/handlers')).labelingHandlers(s),
  labelingAssist: async (s) => (await import('../labeling/assist-handlers')).labelingAssistHandlers(s),
  pipelines: async (s) => (await import('../pipelines/handlers')).pipelineHandlers(s),
};
