import type { DatasetKey } from '../../../shared/api/calls/keys';
import type { LabelingResults } from '../../../shared/api/calls/labeling';
import { agreementReport } from './agreement-report';
import { commitLabels } from './commit';
import { currentLabeler } from './labeler';
import { readQueue } from './queue';
import { readSchema, saveSchema } from './schema-repo';
import { labelingStatus } from './status';
import type { Services } from '../services';
import type { FeatureHandlers } from '../handlers/types';

export function labelingHandlers({ db, datasets, labels }: Pick<Services, 'db' | 'datasets' | 'labels'>): FeatureHandlers<LabelingResults> {
  const latest = (datasetId: DatasetKey) => datasets.resolve({ id: datasetId });
  return {
    'labels.schema': ({ datasetId }) => readSchema(db, latest(datasetId).datasetId),
    'labels.setSchema': ({ datasetId, task, classes }) => saveSchema(db, latest(datasetId).datasetId, task, classes),
    'labels.status': ({ datasetId }) => {
      const version = latest(datasetId);
      return labelingStatus(db, datasets.repo, version, readSchema(db, version.datasetId));
    },
    'labels.queue': ({ datasetId, filter, offset, limit, labeler }) => readQueue(db, latest(datasetId), filter, offset, limit, currentLabeler(db, labeler)),
    'labels.save': ({ datasetId, itemIds, value, seconds, source, labeler }) => {
      const kind = source === 'suggestion' ? 'suggestion' : itemIds.length > 1 ? 'bulk' : 'label';
      return labels.save(readSchema(db, latest(datasetId).datasetId), currentLabeler(db, labeler), itemIds, value, seconds, kind);
    },
    'labels.undo': ({ datasetId, labeler }) => labels.undo(latest(datasetId).datasetId, currentLabeler(db, labeler)),
    'labels.review': ({ datasetId, itemId, verdict, value, note, labeler }) =>
      labels.review(readSchema(db, latest(datasetId).datasetId), currentLabeler(db, labeler), itemId, verdict, value, note),
    'labels.history': ({ datasetId, itemId }) => labels.history(latest(datasetId).datasetId, itemId),
    'labels.commit': ({ datasetId }) => {
      const version = latest(datasetId);
      return commitLabels(db, datasets.repo, version, readSchema(db, version.datasetId), currentLabeler(db));
    },
    'labels.agreement': ({ datasetId }) => agreementReport(db, latest(datasetId).datasetId),
  };
}
