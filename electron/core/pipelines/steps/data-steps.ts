import path from 'node:path';
import type { MonitorFinding } from '../../../../shared/pipelines/run';
import { csvTable, driftReport, versionDriftColumns } from '../../monitoring/drift-service';
import { appendRows, planAppend } from '../../monitoring/append-rows';
import { qualityReport } from '../../datasets/quality-report';
import { labelIssueCount } from '../../labeling/label-issues';
import { UserError } from '../../errors';
import { dataPaths } from '../../data-dir';
import type { StepEnv, StepResult } from './types';
import { fileFindings } from '../monitor-trigger';
import { currentChampion, versionLabel, workingVersion } from './working-data';

/** The trigger's file as the next version of the pipeline's dataset: appended to the latest rows, or replacing them. */
export async function importStep(env: StepEnv<'import'>): Promise<StepResult> {
  const { deps, spec, step, trigger } = env;
  if (!trigger.file) throw new UserError('import needs a file: this run was not started by a watch trigger');
  const existing = deps.datasets.repo.findByName(spec.dataset);
  let versionId: number;
  let addedRows: number;
  if (existing && step.mode === 'append') {
    const plan = planAppend(deps.datasets, existing.latest, await csvTable(trigger.file));
    const done = await appendRows(deps.datasets, dataPaths(deps.dataDir).jobs, plan);
    versionId = done.version.id;
    addedRows = done.addedRows;
  } else {
    const info = await deps.datasets.import({ path: trigger.file, name: spec.dataset, labelColumn: step.labelColumn });
    versionId = info.latest.id;
    addedRows = info.latest.rows;
  }
  const v = deps.datasets.repo.versionById(versionId);
  env.log(
    `${trigger.file}: ${addedRows} rows ${existing && step.mode === 'append' ? `appended to ${versionLabel(deps, existing.latest)}` : 'imported'} as ${versionLabel(deps, v)} (${v.rows} rows)`,
  );
  return { status: 'succeeded', outputs: { versionId, dataset: spec.dataset, version: v.version, rows: v.rows, addedRows, file: trigger.file } };
}

/** Gates on the version's quality report: each a maximum. */
export async function qualityStep(env: StepEnv<'quality'>): Promise<StepResult> {
  const { deps, step } = env;
  const v = workingVersion(env);
  const report = await qualityReport(deps.datasets, deps.blobs, v);
  const cells = report.rows * Math.max(1, report.columns.length);
  const measured = {
    missing_share: report.columns.reduce((n, c) => n + c.missing, 0) / Math.max(1, cells),
    duplicate_share: report.duplicates.reduce((n, g) => n + g.rows.length - 1, 0) / Math.max(1, report.rows),
    conflicting_labels: report.duplicates.filter((g) => g.conflicting).length,
    label_errors: labelIssueCount(deps.db, v.id),
  };
  const gates = Object.entries(step.gates).map(([metric, max]) => {
    const value = measured[metric as keyof typeof measured];
    return { metric, max, value, passed: value <= max! };
  });
  for (const f of report.findings) env.log(`${f.severity}: ${f.message}`);
  const failed = gates.filter((g) => !g.passed);
  const outputs = {
    version: versionLabel(deps, v),
    rows: report.rows,
    ...measured,
    gates,
    findings: report.findings.map((f) => ({ kind: f.kind, severity: f.severity, message: f.message })),
  };
  if (failed.length === 0) return { status: 'succeeded', outputs };
  const reason = `data quality of ${versionLabel(deps, v)}: ${failed.map((g) => `${g.metric} ${fmt(g.value)} > ${g.max}`).join(', ')}`;
  return { status: 'gate_failed', outputs, decision: { decision: 'stopped', reason } };
}

/** The new data against what the champion was trained on: the share of drifted columns and each column's test. */
export async function driftStep(env: StepEnv<'drift'>): Promise<StepResult> {
  const { deps, spec, step, trigger } = env;
  const champion = currentChampion(deps, spec.model);
  const trained = champion?.lineage.dataset;
  if (!champion || !trained) {
    env.log(
      champion ? `${champion.label}'s training data is unknown: no drift reference` : `${spec.model} has no champion yet: nothing to measure drift against`,
    );
    return { status: 'skipped', outputs: { championVersion: null } };
  }
  const reference = versionDriftColumns(deps.datasets, deps.datasets.resolve({ name: trained.name, version: trained.version }));
  const current = trigger.file ? await csvTable(trigger.file) : versionDriftColumns(deps.datasets, workingVersion(env));
  const r = driftReport(reference, current, step.shareThreshold);
  const drifted = r.columns.filter((c) => c.drifted).map((c) => c.name);
  env.log(`${r.numberOfDriftedColumns} of ${r.numberOfColumns} columns drifted from ${r.reference}${drifted.length ? `: ${drifted.join(', ')}` : ''}`);
  const outputs = {
    championVersion: champion.model?.version ?? null,
    reference: r.reference,
    current: r.current,
    share: r.shareOfDriftedColumns,
    numberOfColumns: r.numberOfColumns,
    numberOfDriftedColumns: r.numberOfDriftedColumns,
    datasetDrift: r.datasetDrift,
    missingColumns: r.missingColumns,
    columns: r.columns.map((c) => ({ name: c.name, test: c.test, score: c.score, scoreKind: c.scoreKind, threshold: c.threshold, drifted: c.drifted })),
    ...(await timelineChanges(env, champion.model ? `${champion.model.name}@${champion.model.version}` : null)),
  };
  const max = step.gates.drift_share;
  if (max === undefined || r.shareOfDriftedColumns <= max) return { status: 'succeeded', outputs };
  return {
    status: 'gate_failed',
    outputs,
    decision: { decision: 'stopped', reason: `drift: ${fmt(r.shareOfDriftedColumns)} of columns drifted from ${r.reference} (drift_share > ${max})` },
  };
}

/**
 * The monthly data's timeline changes, sudden and gradual: a monitor trigger's own, or for a
 * watched file its timeline after the file before it. Without either, none.
 */
async function timelineChanges(
  env: StepEnv<'drift'>,
  model: string | null,
): Promise<{ timeline?: { model: string; chunks: number; firstChunk: number; changes: MonitorFinding[] } }> {
  const { deps, spec, specDir, step, trigger } = env;
  let m = trigger.monitor;
  if (!m && trigger.file && spec.trigger.kind === 'watch' && model) {
    m = await fileFindings(deps, spec.engine, {
      model,
      chunks: 10,
      shareThreshold: step.shareThreshold,
      on: ['sudden', 'gradual'],
      folder: path.resolve(specDir, spec.trigger.folder),
      glob: spec.trigger.glob,
      file: trigger.file,
    });
  }
  if (!m) return {};
  const changes = m.findings.filter((f) => f.kind === 'sudden' || f.kind === 'gradual');
  for (const f of changes) env.log(`timeline: ${f.column ?? f.series}: ${f.kind} at chunk ${f.chunk}`);
  return { timeline: { model: m.model, chunks: m.chunks, firstChunk: m.firstChunk, changes } };
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(4);
}
