import type { DatasetKey } from '../../../shared/api/calls/keys';
import type { LabelingAssistResults } from '../../../shared/api/calls/labeling-assist';
import { UserError } from '../errors';
import { assistRuns, requireFit } from './assist-fit';
import { commitLabels } from './commit';
import { CrossValidationJobs } from './cross-validation';
import { findLabelErrors } from './find-errors';
import { currentLabeler } from './labeler';
import { readSchema } from './schema-repo';
import { suggestLabels } from './suggest';
import type { Services } from '../services';
import type { FeatureHandlers } from '../handlers/types';

export function labelingAssistHandlers(
  s: Pick<Services, 'dataDir' | 'db' | 'events' | 'blobs' | 'runs' | 'datasets' | 'training' | 'registry' | 'predictions' | 'launcher' | 'workerEntry'>,
): FeatureHandlers<LabelingAssistResults> {
  const { db, datasets } = s;
  const crossValidations = new CrossValidationJobs(s.launcher, s.workerEntry);
  const id = (key: DatasetKey) => datasets.resolve({ id: key }).datasetId;
  return {
    'labels.assistRuns': ({ datasetId, runId }) => assistRuns(s, id(datasetId), runId),
    'labels.suggest': ({ datasetId, runId }) => suggestLabels(s, id(datasetId), runId),
    'labels.findErrors': ({ datasetId, runId, folds }) => findLabelErrors(s, crossValidations, id(datasetId), runId, folds),
    'labels.cancelFindErrors': ({ datasetId }) => ({ cancelled: crossValidations.cancel(id(datasetId)) }),
    'labels.retrain': async ({ datasetId: key, runId }) => {
      const before = datasets.resolve({ id: key });
      const datasetId = before.datasetId;
      const { run } = requireFit(s, datasetId, runId);
      const version = await commitLabels(db, datasets.repo, before, readSchema(db, datasetId), currentLabeler(db));
      if (version.id === before.id && version.id === run.datasetVersionId) {
        throw new UserError(
          `No labels changed since run ${run.id} trained on ${datasets.repo.datasetName(datasetId)}@${version.version}; label some items first (or re-run the run)`,
          'conflict',
        );
      }
      const started = s.training.start({
        datasetVersionId: version.id,
        experiment: run.experimentName,
        name: `${run.name} (relabeled v${version.version})`,
        config: run.config,
      });
      return { version: version.version, runId: started.id };
    },
  };
}
