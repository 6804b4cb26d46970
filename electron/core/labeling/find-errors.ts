import fs from 'node:fs';
import path from 'node:path';
import type { LabelingAssistResults } from '../../../shared/api/calls/labeling-assist';
import { findLabelIssues, getLabelQualityScores, rowArgmax, type ProbMatrix } from '../../../shared/label-stats';
import { stratifiedFolds } from '../../../shared/ml/folds';
import type { Services } from '../services';
import { dataPaths } from '../data-dir';
import { UserError } from '../errors';
import { writeJobData } from '../training/job-files';
import { requireFit, type AssistDeps } from './assist-fit';
import { CrossValidationCancelled, type CrossValidationJobs } from './cross-validation';
import { readSchema } from './schema-repo';
import { jobScratchPath } from '../training/jobs-folder';

/**
 * Likely label errors of the latest version, as cleanlab finds them: out-of-fold probabilities
 * for every labeled item from `folds` models trained with the run's configuration on stratified,
 * seeded folds, then confident learning (prune by noise rate, cleanlab's defaults). The version's
 * label issues are replaced only when every fold finished.
 */
export async function findLabelErrors(
  deps: AssistDeps & Pick<Services, 'dataDir' | 'events' | 'blobs'>,
  jobs: CrossValidationJobs,
  datasetId: number,
  runRef: string,
  folds: number,
): Promise<LabelingAssistResults['labels.findErrors']> {
  const { db, datasets } = deps;
  const version = datasets.resolve({ id: datasetId });
  const name = `${datasets.repo.datasetName(datasetId)}@${version.version}`;
  const { run, reuses } = requireFit(deps, datasetId, runRef);
  const config = run.config;
  const task = readSchema(db, datasetId).task;
  if (task !== 'single')
    throw new UserError(`${name} is labeled with ${task === 'multi' ? 'sets of classes' : 'boxes'}; likely label errors are found among single-label classes`);

  // The items the worker trains on (writeJobData): labeled ones, in position order.
  const labeled = db
    .prepare('SELECT position, item_id AS itemId, label FROM version_items WHERE version_id = ? AND label IS NOT NULL ORDER BY position')
    .all(version.id) as { position: number; itemId: number; label: string }[];
  const present = new Set(labeled.map((l) => l.label));
  const classes = version.classes.filter((c) => present.has(c));
  if (classes.length < 2) throw new UserError(`${name} needs labeled items of two classes or more to find label errors`);
  if (labeled.length < folds * 2) throw new UserError(`${name} has ${labeled.length} labeled items: too few for ${folds} folds`);
  const index = new Map(classes.map((c, i) => [c, i] as const));
  const y = Int32Array.from(labeled, (l) => index.get(l.label)!);

  const jobDir = jobScratchPath(dataPaths(deps.dataDir).jobs, 'cross-validate');
  const started = Date.now();
  let result: { probs: Float32Array; epochs: number };
  try {
    const data = writeJobData(jobDir, version, datasets.repo, deps.blobs);
    const job = { jobDir, config, classes, data, folds: Array.from(stratifiedFolds(y, folds, config.seed)), out: path.join(jobDir, 'out-of-fold.f32') };
    result = await jobs.run(datasetId, name, job, (fold, count, progress) =>
      deps.events.emit('labels.findErrorsProgress', { datasetId, runId: run.id, fold: fold + 1, folds: count, progress }),
    );
  } catch (err) {
    if (err instanceof CrossValidationCancelled)
      throw new UserError(`Looking for label errors in ${name} was cancelled; its earlier findings are kept`, 'conflict');
    throw err;
  } finally {
    fs.rmSync(jobDir, { recursive: true, force: true });
  }
  const seconds = (Date.now() - started) / 1000;

  const p: ProbMatrix = { data: result.probs, n: labeled.length, k: classes.length };
  const { issues } = findLabelIssues(y, p, { filterBy: 'prune_by_noise_rate' });
  const quality = getLabelQualityScores(y, p);
  const insert = db.prepare('INSERT INTO label_issues (version_id, position, item_id, given, suggested, quality, run_id) VALUES (?, ?, ?, ?, ?, ?, ?)');
  db.transaction(() => {
    db.prepare('DELETE FROM label_issues WHERE version_id = ?').run(version.id);
    for (const i of issues) insert.run(version.id, labeled[i].position, labeled[i].itemId, labeled[i].label, classes[rowArgmax(p, i)], quality[i], run.id);
  })();
  return { runId: run.id, folds, issues: issues.length, checked: labeled.length, epochs: result.epochs, seconds, reuses };
}
