import fs from 'node:fs';
import type { EvaluationRecord, EvaluationReport } from '../../../shared/api/calls/evaluation';
import type { Recommendation, RetrainResult } from '../../../shared/api/calls/monitoring';
import { calls } from '../../../shared/api/contract';
import type { DatasetVersionInfo, EngineChoice } from '../../../shared/domain';
import type { DatasetService } from '../datasets/dataset-service';
import { UserError } from '../errors';
import type { EvaluationService } from '../evaluation/evaluation-service';
import { trainedRowMask } from '../evaluation/training-overlap';
import type { RunRepo } from '../runs/run-repo';
import type { Db } from '../store/database';
import type { TrainingManager } from '../training/training-manager';
import { appendRows, planAppend } from './append-rows';
import { csvTable, versionTable, type TableData } from './drift-service';
import type { DataRef } from './timeline';

export interface RetrainDeps {
  db: Db;
  datasets: DatasetService;
  runs: RunRepo;
  training: TrainingManager;
  evaluations: EvaluationService;
  jobsDir: string;
}

/**
 * Whether the latest evaluation calls for retraining: the data drifted from the training data, or
 * a quality gate failed.
 */
export function recommendation(report: Pick<EvaluationReport, 'drift' | 'gates'> | null): Recommendation {
  const reasons: string[] = [];
  if (report?.drift?.datasetDrift) {
    reasons.push(`dataset drift: ${report.drift.numberOfDriftedColumns} of ${report.drift.numberOfColumns} columns drifted from ${report.drift.reference}`);
  }
  for (const g of report?.gates ?? []) if (!g.passed) reasons.push(`gate failed: ${g.expression}${g.value === null ? '' : ` (${g.value.toFixed(4)})`}`);
  const retrain = reasons.length > 0;
  return { retrain, reasons, message: retrain ? `retrain recommended (${reasons.join('; ')})` : 'no drift and every gate passes: no retraining needed' };
}

/**
 * The retraining loop: the new labelled rows appended to the run's training data as a new version
 * of the same dataset, a run with the same config on it, then both models evaluated on the new data.
 */
export async function retrain(d: RetrainDeps, req: { runId: string; newData: DataRef; engine: EngineChoice }): Promise<RetrainResult> {
  const run = d.runs.detail(d.runs.resolveId(req.runId));
  if (run.datasetVersionId === null) throw new UserError(`Run ${run.id} was not trained by Cairn; there is no training dataset to extend`, 'conflict');
  if (run.status !== 'finished') throw new UserError(`Run ${run.id} is ${run.status}; retrain from a finished run`, 'conflict');
  const oldV = d.datasets.repo.versionById(run.datasetVersionId);
  if (oldV.kind !== 'tabular' || !oldV.labelColumn) throw new UserError('Retraining merges table rows; the run was trained on images or unlabelled data');
  const name = d.datasets.repo.datasetName(oldV.datasetId);
  let fresh: TableData;
  let freshVersion: DatasetVersionInfo | null = null;
  if ('path' in req.newData) {
    if (!fs.existsSync(req.newData.path) || !fs.statSync(req.newData.path).isFile()) throw new UserError(`${req.newData.path}: no such file`);
    fresh = await csvTable(req.newData.path);
  } else {
    freshVersion = d.datasets.resolve({ id: req.newData.datasetId, version: req.newData.version });
    fresh = versionTable(d.datasets, freshVersion);
  }
  const plan = planAppend(d.datasets, oldV, fresh);

  // Before: the current model on the new data, drift against what it was trained on.
  const evalArgs = (model: string) =>
    calls['evaluations.run'].parse({ model, data: req.newData, driftReference: { datasetId: oldV.datasetId, version: oldV.version }, engine: req.engine });
  const before = await d.evaluations.run(evalArgs(run.id));
  const advice = recommendation(before.report);

  const { version: merged, addedRows } = await appendRows(d.datasets, d.jobsDir, plan);

  const started = d.training.start({ datasetVersionId: merged.id, experiment: run.experimentName, name: `${run.name} (retrained)`, config: run.config });
  const done = await d.training.wait(started.id);
  if (done.status !== 'finished') {
    const error = d.runs.detail(done.id).error;
    throw new UserError(`Retraining run ${done.id} ${done.status}${error ? `: ${error}` : ''}`);
  }
  const after = await d.evaluations.run(evalArgs(done.id));
  // The retrained model fitted on most of the new rows: only the others compare the two fairly.
  const trained = trainedRowMask(d.db, d.datasets.repo, d.runs, done.id, { version: freshVersion, table: fresh });
  const heldOut = new Set(fresh.rows.map((_, i) => i).filter((i) => !trained?.[i]));
  const scored = (r: EvaluationRecord) =>
    r.report.confusion.rows.flatMap((row, t) => row.flatMap((cell, p) => cell.filter((i) => heldOut.has(i)).map(() => t === p)));
  const [was, now] = [scored(before), scored(after)];
  if (now.length === 0)
    throw new UserError(`Retraining run ${done.id} trained on every new row, so none is left to compare the two models on; set a validation split`);
  const accuracy = (hits: boolean[]) => hits.filter(Boolean).length / hits.length;
  const delta = accuracy(now) - accuracy(was);
  return {
    previousRunId: run.id,
    runId: done.id,
    status: done.status,
    dataset: { name, previousVersion: oldV.version, version: merged.version, rows: merged.rows, addedRows },
    current: before,
    retrained: after,
    recommendation: advice,
    better: Math.abs(delta) < 1e-9 ? 'tie' : delta > 0 ? 'retrained' : 'current',
    accuracyDelta: delta,
    comparedRows: now.length,
  };
}
