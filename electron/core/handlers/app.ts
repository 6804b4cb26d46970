import type { AppResults } from '../../../shared/api/calls/app';
import type { Core } from '../core';
import { dataPaths } from '../data-dir';
import { availableSamples } from '../datasets/samples';
import { UserError } from '../errors';
import { collectGarbage } from '../files/gc';
import { SAMPLES_DIR, appVersion } from '../paths';
import { checkEngines } from '../training/engine-doctor';
import type { FeatureHandlers } from './types';

export function appHandlers(core: Core): FeatureHandlers<AppResults> {
  return {
    'app.info': async () => ({
      version: appVersion(),
      dataDir: core.dataDir,
      transport: core.transport,
      engine: await core.engine(),
      samplesAvailable: availableSamples(SAMPLES_DIR),
    }),
    'app.engines': () => checkEngines(core.launcher, core.workerEntry),
    'app.gc': ({ dryRun, minAgeMinutes }) =>
      collectGarbage(
        { db: core.db, blobs: core.blobs, thumbsDir: dataPaths(core.dataDir).thumbs, tmpDir: core.datasets.tmpDir, sweptAtOpen: core.sweptAtOpen },
        { dryRun, minAgeMs: minAgeMinutes * 60_000 },
      ),
    'dialog.openPath': ({ kind }) => {
      if (!core.pickPath) throw new UserError('File dialogs are only in the desktop app; type the path instead', 'unsupported');
      return core.pickPath(kind);
    },
  };
}
