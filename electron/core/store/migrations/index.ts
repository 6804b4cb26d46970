import init from './001-init';
import runFlags from './002-run-flags';
import tracking from './003-tracking';
import registry from './004-registry';
import sweepsEnvironmentSettings from './005-sweeps-environment-settings';
import metricBuckets from './006-metric-buckets';
import splits from './007-splits';
import labeling from './008-labeling';
import trainingRows from './009-training-rows';
import pendingVersions from './010-pending-versions';
import sweepOwner from './012-sweep-owner';
import pipelines from './013-pipelines';
import mlflowInbound from './014-mlflow-inbound';
import syncRemoteIds from './015-sync-remote-ids';
import monitoringOutcomes from './016-monitoring-outcomes';
import changeLog from './017-change-log';
import loggedModels from './018-logged-models';
import itemKeys from './019-item-keys';
import pipelineExamined from './020-pipeline-examined';
import suggestionSets from './021-suggestion-sets';

// Numbered migrations, applied in order at open inside one transaction each and recorded in
// `migrations`. Never edit a released one: add a file with the next number and list it here.

export interface Migration {
  id: number;
  name: string;
  sql: string;
  /** Rebuilds a table that others reference: run with foreign keys off, checked before commit. */
  rebuildsTables?: boolean;
}

export const MIGRATIONS: Migration[] = [
  { id: 1, name: 'init', sql: init },
  { id: 2, name: 'run-flags', sql: runFlags },
  { id: 3, name: 'tracking', sql: tracking },
  { id: 4, name: 'registry', sql: registry },
  { id: 5, name: 'sweeps-environment-settings', sql: sweepsEnvironmentSettings },
  { id: 6, name: 'metric-buckets', sql: metricBuckets },
  { id: 7, name: 'splits', sql: splits },
  { id: 8, name: 'labeling', sql: labeling },
  { id: 9, name: 'training-rows', sql: trainingRows },
  { id: 10, name: 'pending-versions', sql: pendingVersions },
  { id: 12, name: 'sweep-owner', sql: sweepOwner, rebuildsTables: true },
  { id: 13, name: 'pipelines', sql: pipelines },
  { id: 14, name: 'mlflow-inbound', sql: mlflowInbound },
  { id: 15, name: 'sync-remote-ids', sql: syncRemoteIds },
  { id: 16, name: 'monitoring-outcomes', sql: monitoringOutcomes },
  { id: 17, name: 'change-log', sql: changeLog },
  { id: 18, name: 'logged-models', sql: loggedModels },
  { id: 19, name: 'item-keys', sql: itemKeys },
  { id: 20, name: 'pipeline-examined', sql: pipelineExamined },
  { id: 21, name: 'suggestion-sets', sql: suggestionSets },
];
