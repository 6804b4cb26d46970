import type { PipelineRunRecord, PipelineStepRecord } from '../../../../shared/pipelines/run';
import type { PipelineSpec } from '../../../../shared/pipelines/spec';
import { routeHref } from '../../lib/route';

// What the Pipelines pages show of specs, runs and steps: pure, so it is tested without a page.

/** The trigger in a few words: `watch *.csv in drop every 5 s`. */
export function triggerText(t: PipelineSpec['trigger'], dataset: string): string {
  switch (t.kind) {
    case 'manual':
      return 'manual';
    case 'watch':
      return `watch ${t.glob} in ${t.folder} every ${t.pollSeconds} s`;
    case 'dataset':
      return `new versions of ${t.dataset ?? dataset}`;
    case 'schedule':
      return `schedule ${t.cron}${t.timezone ? ` (${t.timezone})` : ''}`;
    case 'monitor':
      return `monitor ${t.model} on ${t.folder !== undefined ? `${t.glob} in ${t.folder}` : `new versions of ${t.dataset}`}: ${t.on.join(', ')}`;
  }
}

/** A step's time: its duration once ended, the time so far while it runs. */
export function stepDuration(step: Pick<PipelineStepRecord, 'status' | 'startedAt' | 'durationMs'>, now: number): number | null {
  if (step.status === 'running' && step.startedAt !== null) return Math.max(0, now - step.startedAt);
  return step.durationMs;
}

export interface OutputLink {
  label: string;
  href: string;
}

/** `iris@2` -> the dataset's name and version. */
function versionRef(raw: unknown): { name: string; version: number } | null {
  const m = typeof raw === 'string' ? /^(.+)@(\d+)$/.exec(raw) : null;
  return m ? { name: m[1], version: Number(m[2]) } : null;
}

/**
 * What a step's outputs point at, as links to their pages: the training run, evaluations, the
 * dataset versions (by name: `datasetIds` maps names to the ids the dataset page takes), the
 * registered model version, and the Drift page for a drift report.
 */
export function stepLinks(step: Pick<PipelineStepRecord, 'type' | 'outputs'>, datasetIds: ReadonlyMap<string, number>): OutputLink[] {
  const o = step.outputs;
  const links: OutputLink[] = [];
  if (typeof o.runId === 'string') links.push({ label: `Training run ${o.runId.slice(0, 8)}`, href: routeHref({ name: 'run', runId: o.runId }) });
  const evaluations: [string, string][] = [
    ['evaluationId', 'Evaluation'],
    ['challengerEvaluationId', 'Challenger evaluation'],
    ['championEvaluationId', 'Champion evaluation'],
  ];
  for (const [key, label] of evaluations) {
    const id = o[key];
    if (typeof id === 'number') links.push({ label: `${label} #${id}`, href: routeHref({ name: 'evaluation', evaluationId: id }) });
  }
  const versions = [
    typeof o.dataset === 'string' && typeof o.version === 'number' ? { name: o.dataset, version: o.version } : versionRef(o.version),
    versionRef(o.reference),
    versionRef(o.current),
  ];
  const seen = new Set<string>();
  for (const v of versions) {
    const id = v ? datasetIds.get(v.name) : undefined;
    const label = v ? `Dataset ${v.name}@${v.version}` : '';
    if (!v || id === undefined || seen.has(label)) continue;
    seen.add(label);
    links.push({ label, href: routeHref({ name: 'dataset', datasetId: id }) });
  }
  if (typeof o.model === 'string' && typeof o.modelVersion === 'number')
    links.push({ label: `Model ${o.model} v${o.modelVersion}`, href: routeHref({ name: 'model', modelName: o.model }) });
  if (step.type === 'drift' && Array.isArray(o.columns)) links.push({ label: 'Drift page', href: routeHref({ name: 'monitoring' }) });
  return links;
}

export interface DriftColumnRow {
  name: string;
  test: string;
  score: number | null;
  threshold: number | null;
  drifted: boolean;
}

/** A drift step's report (each column's test), or null for any other step or a skipped one. */
export function driftColumns(step: Pick<PipelineStepRecord, 'type' | 'outputs'>): DriftColumnRow[] | null {
  const cols = step.outputs.columns;
  if (step.type !== 'drift' || !Array.isArray(cols)) return null;
  return cols.map((c: Record<string, unknown>) => ({
    name: String(c.name),
    test: String(c.test ?? ''),
    score: typeof c.score === 'number' ? c.score : null,
    threshold: typeof c.threshold === 'number' ? c.threshold : null,
    drifted: c.drifted === true,
  }));
}

/** The outputs shown as plain values: numbers, text and flags; lists and objects in short JSON. */
export function outputRows(outputs: Record<string, unknown>): [string, string][] {
  return Object.entries(outputs)
    .filter(([k, v]) => v !== null && v !== undefined && !(k === 'columns' && Array.isArray(v)))
    .map(([k, v]) => [k, typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(4)) : typeof v === 'string' ? v : JSON.stringify(v)]);
}

/** The step a person decides on: the one waiting, while the run waits. */
export function waitingStep(run: Pick<PipelineRunRecord, 'status' | 'steps'>): PipelineStepRecord | null {
  return run.status === 'waiting_approval' ? (run.steps.find((s) => s.status === 'waiting') ?? null) : null;
}
