import type { SettingsResults } from '../../../shared/api/calls/settings';
import { experimentCost } from '../costs';
import type { Core } from '../core';
import { readSettings, writeSettings } from '../settings-store';
import type { FeatureHandlers } from './types';

export function settingsHandlers(core: Core): FeatureHandlers<SettingsResults> {
  return {
    'settings.get': () => readSettings(core.db),
    'settings.set': (patch) => writeSettings(core.db, patch),
    'experiments.setBudget': ({ experimentId: key, budget }) => {
      const experimentId = core.runs.experimentId(key);
      experimentCost(core.db, core.runs, experimentId);
      core.runs.setExperimentBudget(experimentId, budget);
      return experimentCost(core.db, core.runs, experimentId);
    },
    'experiments.cost': ({ experimentId }) => experimentCost(core.db, core.runs, core.runs.experimentId(experimentId)),
  };
}
