import fs from 'node:fs';
import type { DatasetResults } from '../../../shared/api/calls/datasets';
import { exportVersion } from './export-version';
import { qualityReport } from './quality-report';
import { makeSplits, splitsOf } from './splits';
import { diffVersions } from './version-diff';
import { importSamples } from './samples';
import { isUpload } from './uploads';
import { SAMPLES_DIR } from '../paths';
import type { Services } from '../services';
import type { FeatureHandlers } from '../handlers/types';

export function datasetHandlers({
  dataDir,
  db,
  datasets,
  events,
  blobs,
  runs,
}: Pick<Services, 'dataDir' | 'db' | 'datasets' | 'events' | 'blobs' | 'runs'>): FeatureHandlers<DatasetResults> {
  return {
    'datasets.list': () => datasets.repo.list(),
    'datasets.get': ({ id }) => {
      const { datasetId } = datasets.resolve({ id });
      return { ...datasets.repo.get(datasetId), versions: datasets.repo.versions(datasetId) };
    },
    'datasets.version': ({ id, version }) => datasets.resolve({ id, version }),
    'datasets.import': async (req) => {
      try {
        return await datasets.import(req, (p) => events.emit('datasets.importProgress', { path: req.path, ...p }));
      } finally {
        if (isUpload(dataDir, req.path)) fs.rmSync(req.path, { force: true });
      }
    },
    'datasets.quality': ({ id, version }) => qualityReport(datasets, blobs, datasets.resolve({ id, version })),
    'datasets.export': ({ id, version, format, path }) => exportVersion(datasets, datasets.resolve({ id, version }), format, path),
    'datasets.diff': ({ id, from, to }) =>
      diffVersions(db, datasets.resolve({ id, version: from }), datasets.resolve({ id, version: to }), (v) => runs.trainedOn(v)),
    'datasets.split': ({ id, version, ...spec }) => makeSplits(db, datasets.repo, datasets.resolve({ id, version }), spec),
    'datasets.splits': ({ id, version }) => splitsOf(db, datasets.resolve({ id, version })),
    'datasets.importSamples': () => importSamples(datasets, SAMPLES_DIR),
  };
}
