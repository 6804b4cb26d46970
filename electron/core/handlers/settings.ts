import type { SettingsResults } from '../../../shared/api/calls/settings';
import { experimentCost } from '../costs';
import { readSettings, writeSettings } from '../settings-store';
import type { Services } from '../services';
import type { FeatureHandlers } from './types';

export function settingsHandlers({ db, runs }: Pick<Services, 'db' | 'runs'>): FeatureHandlers<SettingsResults> {
  return {
    'settings.get': () => readSettings(db),
    'settings.set': (patch) => writeSettings(db, patch),
    'experiments.setBudget': ({ experimentId, budget }) => {
      experimentCost(db, experimentId);
      runs.setExperimentBudget(experimentId, budget);
      return experimentCost(db, experimentId);
    },
    'experiments.cost': ({ experimentId }) => experimentCost(db, experimentId),
  };
}
