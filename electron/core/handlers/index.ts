import type { Core } from '../core';
import { appHandlers } from './app';
import { datasetHandlers } from './datasets';
import { modelHandlers } from './models';
import { runHandlers } from './runs';
import type { Handlers } from './types';

export type { Handlers } from './types';

export function createHandlers(core: Core): Handlers {
  return { ...appHandlers(core), ...runHandlers(core), ...datasetHandlers(core), ...modelHandlers(core) };
}
