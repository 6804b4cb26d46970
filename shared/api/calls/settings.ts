import { z } from 'zod';
import { experimentKey } from './keys';
import type { Settings } from '../../settings';
import { settingsPatchSchema } from '../../settings';

export const settingsCalls = {
  'settings.get': z.object({}),
  'settings.set': settingsPatchSchema,
  /** A spending limit for an experiment's runs (null removes it); sweeps warn before exceeding it. */
  'experiments.setBudget': z.object({ experimentId: experimentKey, budget: z.number().min(0).nullable() }),
  'experiments.cost': z.object({ experimentId: experimentKey }),
} satisfies Record<string, z.ZodType>;

export interface ExperimentCost {
  experimentId: number;
  budget: number | null;
  /** Wall time of every run in the experiment, finished or running. */
  computeHours: number;
  spent: number;
  currency: string;
}

export interface SettingsResults {
  'settings.get': Settings;
  'settings.set': Settings;
  'experiments.setBudget': ExperimentCost;
  'experiments.cost': ExperimentCost;
}
