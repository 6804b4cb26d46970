import type { AssistRun } from '../../../shared/api/calls/labeling-assist';
import type { DatasetVersionInfo, RunDetail } from '../../../shared/domain';
import { isPreprocessingSpec } from '../../../shared/ml';
import type { LabelSchema } from '../../../shared/labeling/types';
import { flattenParams } from '../../../shared/training/config';
import type { Services } from '../services';
import { UserError } from '../errors';
import { readSchema } from './schema-repo';

export type AssistDeps = Pick<Services, 'db' | 'runs' | 'datasets'>;

/** "a", "b", "c" and 4 more: a list kept to one readable line. */
function listed(names: readonly string[], quote: boolean, max = 10): string {
  const shown = names.slice(0, max).map((n) => (quote ? `"${n}"` : n));
  return names.length > max ? `${shown.join(', ')} and ${names.length - max} more` : shown.join(', ');
}

/**
 * Whether a run can assist with labeling a dataset's latest version: suggest (its model predicts
 * the items), find label errors and retrain (its configuration is trained on them). It can when it
 * finished, was trained by Cairn (so its preprocessing and configuration are known), reads the
 * version's inputs (the columns it was trained on, or images, which are resized to its input) and
 * predicts only classes of the label set. A run with fewer classes fits: its suggestions simply
 * never name the others. Every reason it doesn't fit is given, in one line.
 */
export function runFit(run: RunDetail, version: DatasetVersionInfo, name: string, schema: LabelSchema): Omit<AssistRun, 'run'> {
  const problems: string[] = [];
  if (run.status !== 'finished') problems.push(`it is ${run.status}, not finished`);
  const spec = isPreprocessingSpec(run.preprocessing) ? run.preprocessing : null;
  if (run.datasetVersionId === null) problems.push('it was not trained by Cairn, so its preprocessing and configuration are unknown');
  else if (!spec) {
    // A queued run records its preprocessing when it starts; only a finished one without it is at fault.
    if (run.status === 'finished') problems.push('it has no preprocessing recorded');
  } else if (spec.kind === 'image' && version.kind !== 'images') problems.push(`it takes images, ${name} holds table rows`);
  else if (spec.kind === 'tabular' && version.kind !== 'tabular') problems.push(`it takes table rows (${spec.features.length} columns), ${name} holds images`);
  else if (spec.kind === 'tabular') {
    const have = new Set(version.columns.filter((c) => c.name !== version.labelColumn).map((c) => c.name));
    const missing = spec.features.map((f) => f.name).filter((f) => !have.has(f));
    if (missing.length)
      problems.push(
        `it was trained on ${spec.features.length} columns and ${name} lacks ${missing.length === 1 ? 'column' : 'columns'} ${listed(missing, true, 5)}`,
      );
  }
  if (schema.task === 'boxes') problems.push(`${name} is labeled with boxes, and a classifier predicts classes`);
  else {
    const known = new Set(schema.classes.map((c) => c.name));
    const foreign = run.classes.filter((c) => !known.has(c));
    if (foreign.length) {
      const set = schema.classes.length
        ? listed(
            schema.classes.map((c) => c.name),
            false,
          )
        : 'none yet';
      problems.push(`it predicts ${listed(foreign, true, 5)}, not in the label set of ${name} (${set})`);
    }
  }
  const reuses = Object.entries(flattenParams(run.config))
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return { eligible: problems.length === 0, reason: problems.length ? problems.join('; ') : null, reuses };
}

/** Runs that fit first; among each, those trained on this dataset first, then newest first. */
export function orderAssistRuns(runs: AssistRun[], datasetName: string): AssistRun[] {
  const mine = (r: AssistRun) => Number(r.run.datasetName === datasetName);
  return [...runs].sort((a, b) => Number(b.eligible) - Number(a.eligible) || mine(b) - mine(a) || b.run.createdAt - a.run.createdAt);
}

/** The dataset's latest version with its name ("digits@2") and label set: what runs are fitted to. */
function target(deps: AssistDeps, datasetId: number) {
  const version = deps.datasets.resolve({ id: datasetId });
  const datasetName = deps.datasets.repo.datasetName(datasetId);
  return { version, datasetName, name: `${datasetName}@${version.version}`, schema: readSchema(deps.db, datasetId) };
}

/** Finished runs with their fit to the dataset, or the one run asked for whatever its status. */
export function assistRuns(deps: AssistDeps, datasetId: number, runRef?: string): AssistRun[] {
  const { version, datasetName, name, schema } = target(deps, datasetId);
  const summaries = runRef !== undefined ? [deps.runs.summary(deps.runs.resolveId(runRef))] : deps.runs.list().filter((r) => r.status === 'finished');
  const fits = summaries.map((run) => ({ run, ...runFit(deps.runs.detail(run.id), version, name, schema) }));
  return orderAssistRuns(fits, datasetName);
}

/** The run, when it can assist with the dataset; else one line saying why not. */
export function requireFit(deps: AssistDeps, datasetId: number, runRef: string): { run: RunDetail; reuses: string } {
  const { version, name, schema } = target(deps, datasetId);
  const run = deps.runs.detail(deps.runs.resolveId(runRef));
  const fit = runFit(run, version, name, schema);
  if (!fit.eligible) throw new UserError(`Run ${run.id} can't assist with ${name}: ${fit.reason}`, 'conflict');
  return { run, reuses: fit.reuses };
}
