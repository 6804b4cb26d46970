import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AlertBand, TimelineResult } from '../../../shared/api/calls/monitoring';
import type { MonitorFinding, MonitorFiring, PipelineTrigger } from '../../../shared/pipelines/run';
import type { PipelineSpec } from '../../../shared/pipelines/spec';
import type { DriftClassification } from '../../../shared/stats';
import { median } from '../../../shared/stats/trend';
import { dataPaths } from '../data-dir';
import { streamTable, tableFormat } from '../datasets/csv-parse';
import { timeline, type DataRef } from '../monitoring/timeline';
import { timelineTrends } from '../monitoring/trends';
import { jobScratchPath } from '../training/jobs-folder';
import type { PipelineStore } from './pipeline-store';
import type { LoadedSpec } from './spec-file';
import { fileKey, watchedFiles } from './watched-files';
import type { PipelineDeps } from './steps/types';

type MonitorSpec = Extract<PipelineSpec['trigger'], { kind: 'monitor' }>;

/** A new data item; `open` gives what its timeline is built on (the previous item, then this one) and where this one starts. */
interface Item {
  key: string;
  label: string;
  file?: string;
  datasetVersionId?: number;
  open(): Promise<Window>;
}

export interface Window {
  current: DataRef;
  /** Rows of the previous item in `current`, before this item's. */
  firstRow: number;
  rows: number;
  cleanup(): void;
}

type TimelineOptions = Pick<MonitorSpec, 'model' | 'chunks' | 'shareThreshold' | 'values' | 'on'>;

/**
 * The monitor trigger's new data items that fire, oldest first. Each item's timeline (after the
 * previous item's rows, so that a shift at the item's start shows) is built once per pipeline and
 * judging options, whichever process looks: items that did not fire are recorded as examined in
 * the store (`note` says so), items that did are runs in the store.
 */
export async function monitorTriggers(
  deps: PipelineDeps,
  store: PipelineStore,
  pipelineId: number,
  loaded: LoadedSpec,
  note: (line: string) => void = () => {},
): Promise<PipelineTrigger[]> {
  const t = loaded.spec.trigger as MonitorSpec;
  const judgedWith = judgingKey(t);
  const out: PipelineTrigger[] = [];
  for (const item of items(deps, loaded, t)) {
    if (store.hasTrigger(pipelineId, item.key) || store.wasExamined(pipelineId, item.key, judgedWith)) continue;
    const monitor = await judge(deps, loaded.spec.engine, t, await item.open());
    const first = monitor.fired[0];
    if (!first) {
      store.markExamined(pipelineId, item.key, judgedWith);
      note(`examined ${item.label}: no ${t.on.join(', ')}`);
      continue;
    }
    out.push({
      kind: 'monitor',
      key: item.key,
      label: `${item.label} (${first.kind}: ${first.column ?? first.series} at chunk ${first.chunk})`,
      file: item.file,
      datasetVersionId: item.datasetVersionId,
      monitor,
    });
  }
  return out;
}

/** What an item's verdict depends on: a spec that changes any of it judges the items again. */
function judgingKey(t: MonitorSpec): string {
  const options: TimelineOptions = { model: t.model, on: t.on, chunks: t.chunks, shareThreshold: t.shareThreshold, values: t.values };
  return crypto.createHash('sha256').update(JSON.stringify(options)).digest('hex');
}

/** The timeline findings of a watched file (after the file before it in the folder), as a monitor trigger would make them. */
export async function fileFindings(
  deps: PipelineDeps,
  engine: PipelineSpec['engine'],
  o: TimelineOptions & { folder: string; glob: string; file: string },
): Promise<MonitorFiring> {
  const files = watchedFiles(o.folder, o.glob);
  const at = files.indexOf(o.file);
  return judge(deps, engine, o, await fileWindow(dataPaths(deps.dataDir).jobs, at > 0 ? files[at - 1] : undefined, o.file));
}

async function judge(deps: PipelineDeps, engine: PipelineSpec['engine'], o: TimelineOptions, w: Window): Promise<MonitorFiring> {
  try {
    const r = await timeline(
      { db: deps.db, runs: deps.runs, datasets: deps.datasets, registry: deps.registry, predictions: deps.predictions },
      {
        model: o.model,
        current: w.current,
        chunkSize: Math.max(1, Math.floor((w.rows - w.firstRow) / o.chunks)),
        shareThreshold: o.shareThreshold,
        engine,
        values: o.values,
      },
    );
    return { model: o.model, ...monitorFindings(r, w.firstRow, o.on) };
  } finally {
    w.cleanup();
  }
}

function items(deps: PipelineDeps, loaded: LoadedSpec, t: MonitorSpec): Item[] {
  if (t.folder !== undefined) {
    const files = watchedFiles(path.resolve(loaded.dir, t.folder), t.glob);
    return files.map((file, i) => {
      const previous = files[i - 1];
      return { key: `monitor:${fileKey(file)}`, label: file, file, open: () => fileWindow(dataPaths(deps.dataDir).jobs, previous, file) };
    });
  }
  const ds = deps.datasets.repo.findByName(t.dataset!);
  if (!ds) return [];
  const versions = deps.datasets.repo.versions(ds.id).sort((a, b) => a.version - b.version);
  return versions.map((v, i) => {
    const before = versions[i - 1];
    // An appended version holds the rows before it first; a replacing one has nothing before its own.
    const firstRow = before && v.rows > before.rows ? before.rows : 0;
    return {
      key: `monitor:dataset:${ds.name}@${v.version}`,
      label: `${ds.name}@${v.version}`,
      datasetVersionId: v.id,
      open: async () => ({ current: { datasetId: ds.id, version: v.version }, firstRow, rows: v.rows, cleanup: () => {} }),
    };
  });
}

/**
 * A watched file's window: the previous file's rows then its own, in a scratch file under
 * `jobsDir` (its own alone when there is none or their headers differ). Rows are records as the
 * table reader counts them: a quoted field may hold newlines.
 */
export async function fileWindow(jobsDir: string, previous: string | undefined, file: string): Promise<Window> {
  const single = async (): Promise<Window> => ({ current: { path: file }, firstRow: 0, rows: await records(file), cleanup: () => {} });
  if (previous === undefined) return single();
  const before = fs.readFileSync(previous, 'utf8');
  const text = fs.readFileSync(file, 'utf8');
  const head = firstLine(text);
  if (firstLine(before) !== head) return single();
  const scratch = jobScratchPath(jobsDir, 'monitor-window', '.csv');
  const cleanup = () => fs.rmSync(scratch, { force: true });
  // The previous file whole (a newline at its end), then this one's records after its header line.
  fs.writeFileSync(scratch, `${before.endsWith('\n') ? before : `${before}\n`}${text.slice(head.length).replace(/^\r?\n/, '')}`);
  try {
    const firstRow = await records(previous);
    return { current: { path: scratch }, firstRow, rows: firstRow + (await records(file)), cleanup };
  } catch (err) {
    cleanup();
    throw err;
  }
}

function firstLine(text: string): string {
  const end = text.search(/\r?\n/);
  return end < 0 ? text : text.slice(0, end);
}

async function records(file: string): Promise<number> {
  let n = 0;
  await streamTable(file, tableFormat(file), { row: () => void n++ });
  return n;
}

/**
 * What the timeline says about the item's chunks. A change within the item is judged on its own
 * chunks (a trend there is gradual, a shift there sudden); a shift at its start on the previous
 * item's chunks then its own. Only a change toward drift (the side its band alerts on) that takes
 * the series out of its reference band for the rest of the item counts: a series settling back,
 * or wobbling inside its band, is not news.
 */
export function monitorFindings(
  r: TimelineResult,
  firstRow: number,
  on: readonly string[],
): { chunks: number; firstChunk: number; findings: MonitorFinding[]; fired: MonitorFinding[] } {
  let end = 0;
  const firstChunk = Math.max(
    0,
    r.chunks.findIndex((c) => (end += c.rows) > firstRow),
  );
  const own = r.chunks.slice(firstChunk);
  const ownTrends = timelineTrends(own, Object.keys(r.trends) as (keyof typeof r.trends)[], r.bands, r.columnBands);
  const findings: MonitorFinding[] = [];
  const judge = (
    name: { series?: string; column?: string },
    values: (number | undefined)[],
    whole: DriftClassification | undefined,
    mine: DriftClassification | undefined,
    band: AlertBand | undefined,
  ) => {
    if (!band || !Number.isFinite(band.mean)) return;
    const toward = (v: number) => (band.alertWhen === 'above' ? v > 0 : band.alertWhen === 'below' ? v < 0 : v !== 0);
    const out = (v: number) => (band.alertWhen === 'above' ? v > band.upper : band.alertWhen === 'below' ? v < band.lower : v > band.upper || v < band.lower);
    if (mine?.kind === 'gradual' && toward(mine.trend!.slope)) {
      // Where the trend line leaves the band; none: a trend that stays within the reference's own spread.
      const leaves = own.findIndex((_, i) => out(mine.trend!.intercept + mine.trend!.slope * i));
      if (leaves >= 0) {
        findings.push({ kind: 'gradual', ...name, chunk: firstChunk + leaves, slope: mine.trend!.slope, p: mine.trend!.p });
        return;
      }
    }
    // A shift counts when the series stays out of its band from there to the item's end (its median
    // does), seen in two chunks at least: a one-chunk blip, or a jump in the last chunk, is not yet one.
    const held = (from: number) => {
      const rest = values.slice(from).filter((v): v is number => v !== undefined && Number.isFinite(v));
      return rest.length > 1 && out(median(rest));
    };
    const points = (c: DriftClassification | undefined, offset: number) =>
      c?.kind === 'sudden' ? c.changePoints.map((p) => ({ ...p, index: p.index + offset })) : [];
    const change = [...points(mine, firstChunk), ...points(whole, 0)]
      .filter((c) => c.index >= firstChunk && toward(c.magnitude) && held(c.index))
      .sort((a, b) => Math.abs(b.magnitude) - Math.abs(a.magnitude))[0];
    if (change) findings.push({ kind: 'sudden', ...name, chunk: change.index, magnitude: change.magnitude });
  };
  for (const s of Object.keys(r.trends) as (keyof typeof r.trends)[])
    judge(
      { series: s },
      r.chunks.map((c) => c.values[s]),
      r.trends[s],
      ownTrends.trends[s],
      r.bands[s],
    );
  for (const col of Object.keys(r.columnTrends))
    judge(
      { column: col },
      r.chunks.map((c) => c.columns[col]),
      r.columnTrends[col],
      ownTrends.columnTrends[col],
      r.columnBands[col],
    );
  const drop = own.find((c) => c.alerts.includes('realized_value'));
  if (drop)
    findings.push({ kind: 'value_drop', series: 'realized_value', chunk: drop.index, magnitude: drop.values.realized_value! - r.bands.realized_value!.lower });
  const alert = own.find((c) => c.alerts.length > 0 || c.columnAlerts.length > 0);
  if (alert) findings.push({ kind: 'alert', ...(alert.alerts.length ? { series: alert.alerts[0] } : { column: alert.columnAlerts[0] }), chunk: alert.index });
  return { chunks: r.chunks.length, firstChunk, findings, fired: findings.filter((f) => on.includes(f.kind)) };
}
