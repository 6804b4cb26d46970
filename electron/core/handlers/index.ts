import type { Core } from '../core';
import { appHandlers } from './app';
import { datasetHandlers } from './datasets';
import { evaluationHandlers } from './evaluation';
import { labelingHandlers } from './labeling';
import { labelingAssistHandlers } from './labeling-assist';
import { modelHandlers } from './models';
import { monitoringHandlers } from './monitoring';
import { pipelineHandlers } from './pipelines';
import { runHandlers } from './runs';
import { settingsHandlers } from './settings';
import { sweepHandlers } from './sweeps';
import type { Handlers } from './types';

export type { Handlers } from './types';

export function createHandlers(core: Core): Handlers {
  return { ...settingsHandlers(core), ...appHandlers(core), ...runHandlers(core), ...datasetHandlers(core), ...sweepHandlers(core), ...monitoringHandlers(core), ...modelHandlers(core), ...evaluationHandlers(core), ...labelingHandlers(core), ...labelingAssistHandlers(core), ...pipelineHandlers(core) };
}
