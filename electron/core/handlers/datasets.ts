import fs from 'node:fs';
import type { DatasetResults } from '../../../shared/api/calls/datasets';
import type { Core } from '../core';
import { exportVersion } from '../datasets/export-version';
import { qualityReport } from '../datasets/quality-report';
import { makeSplits, splitsOf } from '../datasets/splits';
import { diffVersions } from '../datasets/version-diff';
import { importSamples } from '../datasets/samples';
import { isUpload } from '../datasets/uploads';
import { SAMPLES_DIR } from '../paths';
import type { FeatureHandlers } from './types';

export function datasetHandlers(core: Core): FeatureHandlers<DatasetResults> {
  const { datasets, events } = core;
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
        if (isUpload(core.dataDir, req.path)) fs.rmSync(req.path, { force: true });
      }
    },
    'datasets.quality': ({ id, version }) => qualityReport(datasets, core.blobs, datasets.resolve({ id, version })),
    'datasets.export': ({ id, version, format, path }) => exportVersion(datasets, datasets.resolve({ id, version }), format, path),
    'datasets.diff': ({ id, from, to }) => diffVersions(core.db, datasets.resolve({ id, version: from }), datasets.resolve({ id, version: to }), (v) => core.runs.trainedOn(v)),
    'datasets.split': ({ id, version, ...spec }) => makeSplits(core.db, datasets.repo, datasets.resolve({ id, version }), spec),
    'datasets.splits': ({ id, version }) => splitsOf(core.db, datasets.resolve({ id, version })),
    'datasets.importSamples': () => importSamples(datasets, SAMPLES_DIR),
  };
}
