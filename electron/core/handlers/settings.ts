import type { SettingsResults } from '../../../shared/api/calls/settings';
import { experimentCost } from '../costs';
import { readSettings, writeSettings } from '../settings-store';
import type { Services } from '../services';
import type { FeatureHandlers } from './types';

export function settingsHandlers({ db, runs }: Pick<Services, 'db' | 'runs'>): FeatureHandlers<SettingsResults> {
  return {
    'settings.get': () => readSettings(db),
    'settings.set': (patch) => writeSettings(db, patch),
    'experiments.setBudget': ({ experimentId: key, budget }) => {
      const experimentId = runs.experimentId(key);
      experimentCost(db, runs, experimentId);
      runs.setExperimentBudget(experimentId, budget);
      return experimentCost(db, runs, experimentId);
    },
    'experiments.cost': ({ experimentId }) => experimentCost(db, runs, runs.experimentId(experimentId)),
  };
}
