import type { AppResults } from '../../../shared/api/calls/app';
import { dataPaths } from '../data-dir';
import { availableSamples } from '../datasets/samples';
import { UserError } from '../errors';
import { collectGarbage } from '../files/gc';
import { SAMPLES_DIR, appVersion } from '../paths';
import { checkEngines } from '../training/engine-doctor';
import type { Services } from '../services';
import type { FeatureHandlers } from './types';

export function appHandlers({
  dataDir,
  transport,
  engine,
  launcher,
  workerEntry,
  pickPath,
  db,
  blobs,
  datasets,
  sweptAtOpen,
}: Pick<
  Services,
  'dataDir' | 'transport' | 'engine' | 'launcher' | 'workerEntry' | 'pickPath' | 'db' | 'blobs' | 'datasets' | 'sweptAtOpen'
>): FeatureHandlers<AppResults> {
  return {
    'app.info': async () => ({
      version: appVersion(),
      dataDir,
      transport,
      engine: await engine(),
      samplesAvailable: availableSamples(SAMPLES_DIR),
    }),
    'app.engines': () => checkEngines(launcher, workerEntry),
    'app.gc': ({ dryRun, minAgeMinutes }) =>
      collectGarbage({ db, blobs, thumbsDir: dataPaths(dataDir).thumbs, tmpDir: datasets.tmpDir, sweptAtOpen }, { dryRun, minAgeMs: minAgeMinutes * 60_000 }),
    'dialog.openPath': ({ kind }) => {
      if (!pickPath) throw new UserError('File dialogs are only in the desktop app; type the path instead', 'unsupported');
      return pickPath(kind);
    },
  };
}
