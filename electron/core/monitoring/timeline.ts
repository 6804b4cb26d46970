import fs from 'node:fs';
import type { AlertBand, DriftVerdict, PredictionDriftResult, TimelineChunk, TimelineResult, TimelineSeries } from '../../../shared/api/calls/monitoring';
import type { EngineChoice } from '../../../shared/domain';
import { columnDrift, compareLabels, confusionFromCodes, reportFromConfusion, rocAucScore, type ColumnDriftResult, type DriftColumnInput, type StatTestName } from '../../../shared/stats';
import type { Cell } from '../datasets/csv-parse';
import type { DatasetService } from '../datasets/dataset-service';
import { UserError } from '../errors';
import type { PredictService } from '../predict/predict-service';
import type { ModelSource } from '../registry/model-source';
import { trainedRowMask } from '../evaluation/training-overlap';
import type { ModelRegistry } from '../registry/registry';
import { groupAlerts } from './alert-groups';
import { timelineTrends } from './trends';
import { businessInputs, chunkBusiness, type BusinessRequest } from './business-value';
import type { Monitored } from './monitored';
import { parseTime } from './time-cell';
import type { RunRepo } from '../runs/run-repo';
import type { Db } from '../store/database';
import { csvTable, driftReport, versionTable, type TableData } from './drift-service';
import { jobScratchPath } from '../training/jobs-folder';
import { csvLine } from '../../../shared/csv/write';
import { argmax } from '../../../shared/stats/argmax';

// Prediction drift and the monitoring timeline (NannyML-style): current data in chunks, each
// chunk's data drift, prediction drift and performance (realized where labelled, estimated by CBPE
// everywhere), with alert bands of mean ± 3 std from the reference cut into chunks of the same size.

export interface MonitoringDeps {
  db: Db;
  runs: RunRepo;
  datasets: DatasetService;
  registry: ModelRegistry;
  predictions: PredictService;
  jobsDir: string;
}

export type VersionRef = { datasetId: number; version?: number };
export type DataRef = VersionRef | { path: string };

export async function loadMonitored(d: MonitoringDeps, model: string, reference: VersionRef | undefined, current: DataRef): Promise<Monitored> {
  const source = d.registry.resolve(model);
  let refV;
  if (reference) refV = d.datasets.resolve({ id: reference.datasetId, version: reference.version });
  else {
    const trained = source.lineage.dataset;
    if (!trained) throw new UserError(`${source.label} has no training dataset recorded; give a reference`);
    refV = d.datasets.resolve({ name: trained.name, version: trained.version });
  }
  const ref = versionTable(d.datasets, refV);
  const trained = trainedRowMask(d.db, d.datasets.repo, d.runs, source.runId, { version: refV, table: ref });
  let cur: TableData;
  if ('path' in current) {
    if (!fs.existsSync(current.path) || !fs.statSync(current.path).isFile()) throw new UserError(`${current.path}: no such file`);
    cur = await csvTable(current.path);
  } else cur = versionTable(d.datasets, d.datasets.resolve({ id: current.datasetId, version: current.version }));
  return { source, reference: ref, referenceTrainingRows: trained && trained.filter(Boolean).length, current: cur, labelColumn: refV.labelColumn };
}

/** Class probabilities for the rows of each table (in the first table's column order), in one worker run. */
export async function predictTables(d: MonitoringDeps, source: ModelSource, tables: TableData[], engine: EngineChoice): Promise<number[][][]> {
  const columns = tables[0].columns.map((c) => c.name);
  const file = jobScratchPath(d.jobsDir, 'monitor', '.csv');
  const lines = [csvLine(columns)];
  for (const t of tables) {
    const at = columns.map((name) => t.columns.findIndex((c) => c.name === name));
    for (const row of t.rows) lines.push(csvLine(at.map((i) => (i < 0 ? null : row[i]))));
  }
  fs.writeFileSync(file, lines.join('\n') + '\n');
  try {
    const ref = source.model ? `${source.model.name}@${source.model.version}` : source.runId!;
    const total = tables.reduce((s, t) => s + t.rows.length, 0);
    const res = await d.predictions.predict({ ref, input: file, engine, preview: total });
    if (res.predictions.length !== total) throw new UserError(`${source.label} returned ${res.predictions.length} predictions for ${total} rows`);
    const out: number[][][] = [];
    let at = 0;
    for (const t of tables) {
      out.push(res.predictions.slice(at, at + t.rows.length).map((p) => p.probabilities));
      at += t.rows.length;
    }
    return out;
  } finally {
    fs.rmSync(file, { force: true });
  }
}

function positiveOf(classes: string[]): number | null {
  return classes.length === 2 ? classes.indexOf([...classes].sort(compareLabels)[1]) : null;
}

/** The score watched for drift: p(positive) for binary models, the top probability otherwise. */
function scoreOf(p: number[], positive: number | null): number {
  return positive === null ? Math.max(...p) : p[positive];
}

function verdict(r: ColumnDriftResult): DriftVerdict {
  const { histogram, categories, ...rest } = r;
  return rest;
}

function predictionColumns(classes: string[], positive: number | null, ref: number[][], cur: number[][]): { cls: DriftColumnInput; score: DriftColumnInput } {
  return {
    cls: { name: 'prediction', type: 'categorical', reference: ref.map((p) => classes[argmax(p)]), current: cur.map((p) => classes[argmax(p)]) },
    score: { name: positive === null ? 'max_probability' : `p(${classes[positive]})`, type: 'numeric', reference: Float64Array.from(ref, (p) => scoreOf(p, positive)), current: Float64Array.from(cur, (p) => scoreOf(p, positive)) },
  };
}

export async function predictionDrift(d: MonitoringDeps, req: { model: string; reference?: VersionRef; current: DataRef; shareThreshold: number; engine: EngineChoice }): Promise<PredictionDriftResult> {
  const m = await loadMonitored(d, req.model, req.reference, req.current);
  const [refP, curP] = await predictTables(d, m.source, [m.reference, m.current], req.engine);
  const classes = m.source.classes;
  const positive = positiveOf(classes);
  const cols = predictionColumns(classes, positive, refP, curP);
  const predictedClass = verdict(columnDrift(cols.cls, { histogram: false }));
  const score = { ...verdict(columnDrift(cols.score, { histogram: false })), kind: positive === null ? ('max_probability' as const) : ('positive_probability' as const) };
  const data = driftReport(m.reference, m.current, req.shareThreshold);
  const hasLabels = m.labelColumn !== null && m.current.columns.some((c) => c.name === m.labelColumn);
  const targetCol = hasLabels ? data.columns.find((c) => c.name === m.labelColumn) : undefined;
  return {
    model: m.source.label,
    reference: m.reference.label,
    current: m.current.label,
    classes,
    positiveClass: positive === null ? null : classes[positive],
    predictedClass,
    score,
    target: targetCol ? verdict(targetCol) : null,
    data: { ...data, columns: data.columns.map(verdict) },
    drifted: predictedClass.drifted || score.drifted,
  };
}

// ---------------------------------------------------------------- chunks

interface Chunk {
  key: string;
  rows: number[];
  from: number | null;
  to: number | null;
}

function periodKey(t: number, period: 'day' | 'week' | 'month'): string {
  const d = new Date(t);
  if (period === 'month') return d.toISOString().slice(0, 7);
  if (period === 'week') {
    const monday = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - ((d.getUTCDay() + 6) % 7)));
    return monday.toISOString().slice(0, 10);
  }
  return d.toISOString().slice(0, 10);
}

/** Consecutive runs of `size` rows; a last run under half a chunk joins the one before. */
export function bySize(rows: number[], size: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  if (out.length > 1 && out[out.length - 1].length < size / 2) {
    const last = out.pop()!;
    out[out.length - 1] = out[out.length - 1].concat(last);
  }
  return out;
}

function byCount(rows: number[], n: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < n; i++) {
    const part = rows.slice(Math.floor((i * rows.length) / n), Math.floor(((i + 1) * rows.length) / n));
    if (part.length) out.push(part);
  }
  return out;
}

export interface ChunkOptions {
  timestamp?: string;
  period?: 'day' | 'week' | 'month';
  chunkSize?: number;
  chunks?: number;
}

function chunkTable(t: TableData, o: ChunkOptions): { chunks: Chunk[]; dropped: number; by: 'size' | 'count' | 'period' } {
  if (o.period && !o.timestamp) throw new UserError('Grouping by period needs a timestamp column', 'invalid_input', 'timestamp');
  if (o.period && o.chunkSize) throw new UserError('Chunk by period or by chunk size, not both', 'invalid_input', 'period');
  let order = t.rows.map((_, i) => i);
  let times: (number | null)[] | null = null;
  let dropped = 0;
  if (o.timestamp) {
    const at = t.columns.findIndex((c) => c.name === o.timestamp);
    if (at < 0) throw new UserError(`${t.label} has no column "${o.timestamp}" (columns: ${t.columns.map((c) => c.name).join(', ')})`);
    times = t.rows.map((r) => parseTime(r[at]));
    const kept = order.filter((i) => times![i] !== null);
    dropped = order.length - kept.length;
    order = kept.sort((a, b) => times![a]! - times![b]! || a - b);
    if (order.length === 0) throw new UserError(`${t.label}: no readable time in "${o.timestamp}"`);
  }
  const span = (rows: number[]) => (times ? { from: times[rows[0]], to: times[rows[rows.length - 1]] } : { from: null, to: null });
  if (o.period) {
    const groups = new Map<string, number[]>();
    for (const i of order) {
      const k = periodKey(times![i]!, o.period);
      if (!groups.has(k)) groups.set(k, []);
      groups.get(k)!.push(i);
    }
    return { chunks: [...groups].map(([key, rows]) => ({ key, rows, ...span(rows) })), dropped, by: 'period' };
  }
  const parts = o.chunkSize ? bySize(order, o.chunkSize) : byCount(order, o.chunks ?? 10);
  let start = 0;
  const chunks = parts.map((rows) => {
    const key = `[${start}, ${start + rows.length})`;
    start += rows.length;
    return { key, rows, ...span(rows) };
  });
  return { chunks, dropped, by: o.chunkSize ? 'size' : 'count' };
}

// ---------------------------------------------------------------- CBPE calibration

/** Isotonic regression (pool adjacent violators) of labels on scores: a step function. */
export function isotonicFit(scores: ArrayLike<number>, y: ArrayLike<number>): (s: number) => number {
  const idx = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  const xs: number[] = [];
  const means: number[] = [];
  const weights: number[] = [];
  for (const i of idx) {
    xs.push(scores[i]);
    means.push(y[i]);
    weights.push(1);
    while (means.length > 1 && means[means.length - 2] > means[means.length - 1]) {
      const w = weights[weights.length - 2] + weights[weights.length - 1];
      const m = (means[means.length - 2] * weights[weights.length - 2] + means[means.length - 1] * weights[weights.length - 1]) / w;
      means.pop();
      weights.pop();
      xs.pop();
      means[means.length - 1] = m;
      weights[weights.length - 1] = w;
    }
    // xs holds each block's last (largest) score
    xs[xs.length - 1] = scores[i];
  }
  return (s: number) => {
    let lo = 0;
    let hi = xs.length - 1;
    if (s >= xs[hi]) return means[hi];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (xs[mid] >= s) hi = mid;
      else lo = mid + 1;
    }
    return means[lo];
  };
}

/** Expected accuracy of each row: binary, the calibrated probability that the thresholded prediction is right; else the top probability. */
function expectedCorrect(probs: number[][], positive: number | null, calibrate: ((s: number) => number) | null): Float64Array {
  return Float64Array.from(probs, (p) => {
    if (positive === null) return Math.max(...p);
    const s = p[positive];
    const pc = calibrate ? calibrate(s) : s;
    return s >= 0.5 ? pc : 1 - pc;
  });
}

// ---------------------------------------------------------------- metrics per chunk

function realized(yTrue: string[], probs: number[][], classes: string[], positive: number | null): { accuracy: number; f1: number; rocAuc: number } {
  // A label outside the model's classes (code -1) is left out of the matrix but counts as a miss.
  const truth = yTrue.map((y) => classes.indexOf(y));
  const predicted = probs.map((p) => argmax(p));
  const right = truth.reduce((n, t, i) => n + (t >= 0 && t === predicted[i] ? 1 : 0), 0);
  // F1 as sklearn's f1_score with zero_division=0: of the positive class, or macro over every class.
  const report = reportFromConfusion({ labels: classes, matrix: confusionFromCodes(truth, predicted, classes.length) }, 0);
  const f1 = positive !== null ? report.f1[positive] : report.macro.f1;
  let rocAuc = NaN;
  if (positive !== null) {
    const y01 = Uint8Array.from(yTrue, (y) => (y === classes[positive] ? 1 : 0));
    if (y01.some((v) => v === 1) && y01.some((v) => v === 0)) rocAuc = rocAucScore(y01, Float64Array.from(probs, (p) => p[positive]), 1);
  }
  return { accuracy: yTrue.length ? right / yTrue.length : NaN, f1, rocAuc };
}

interface ChunkStats {
  values: Partial<Record<TimelineSeries, number>>;
  columns: Record<string, number>;
  driftedColumns: string[];
  datasetDrift: boolean;
  predictionDrift: boolean;
  realized: { accuracy: number; f1: number; rocAuc: number } | null;
  labelled: number;
  estimatedAccuracy: number;
}

function band(values: number[], alertWhen: AlertBand['alertWhen']): AlertBand {
  const v = values.filter((x) => Number.isFinite(x));
  const mean = v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN;
  const std = v.length > 1 ? Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / (v.length - 1)) : 0;
  return { mean, std, lower: mean - 3 * std, upper: mean + 3 * std, alertWhen };
}

function outside(value: number | undefined, b: AlertBand | undefined): boolean {
  if (value === undefined || !Number.isFinite(value) || !b || !Number.isFinite(b.mean)) return false;
  // A tiny tolerance so that a band of zero width (every reference chunk alike) doesn't alert on rounding.
  const eps = 1e-9;
  if (b.alertWhen === 'above') return value > b.upper + eps;
  if (b.alertWhen === 'below') return value < b.lower - eps;
  return value > b.upper + eps || value < b.lower - eps;
}

function sideOf(test: StatTestName): AlertBand['alertWhen'] {
  return test === 'ks' || test === 'chisquare' || test === 'z' ? 'below' : 'above';
}

/** Series that flag a chunk (the per-column ones are listed apart, as columnAlerts). */
const FLAGGING: TimelineSeries[] = ['drift_share', 'predicted_class', 'prediction_score', 'target', 'accuracy', 'f1', 'roc_auc', 'estimated_accuracy', 'realized_value', 'expected_value'];

export async function timeline(
  d: MonitoringDeps,
  req: ChunkOptions & BusinessRequest & { model: string; reference?: VersionRef; current: DataRef; shareThreshold: number; engine: EngineChoice },
): Promise<TimelineResult> {
  const m = await loadMonitored(d, req.model, req.reference, req.current);
  const classes = m.source.classes;
  const positive = positiveOf(classes);
  // Outcome errors before the predictions, which take the time.
  const business = businessInputs(d.db, m, req, positive);
  const { chunks, dropped, by } = chunkTable(m.current, req);
  const [refP, curP] = await predictTables(d, m.source, [m.reference, m.current], req.engine);
  const label = m.labelColumn;

  // Feature columns in both tables (the label is watched as the target); free text is not tested (see driftInputs).
  const features = m.reference.columns
    .map((c, ri) => ({ name: c.name, type: c.type, ri, ci: m.current.columns.findIndex((x) => x.name === c.name) }))
    .filter((c) => c.ci >= 0 && c.name !== label && c.name !== req.timestamp && c.type !== 'text');
  if (features.length === 0) throw new UserError(`${m.current.label} shares no feature columns with ${m.reference.label}`);
  const refLabelAt = label === null ? -1 : m.reference.columns.findIndex((c) => c.name === label);
  const curLabelAt = label === null ? -1 : m.current.columns.findIndex((c) => c.name === label);

  const numeric = (rows: Cell[][], at: number, pick: number[]) => {
    const out: number[] = [];
    for (const i of pick) {
      const v = rows[i][at];
      if (typeof v === 'number' && Number.isFinite(v)) out.push(v);
    }
    return Float64Array.from(out);
  };
  const categorical = (rows: Cell[][], at: number, pick: number[]) => pick.map((i) => (rows[i][at] === null ? null : String(rows[i][at])));
  const allRef = m.reference.rows.map((_, i) => i);
  const refColumns = features.map((f) => (f.type === 'numeric' ? numeric(m.reference.rows, f.ri, allRef) : categorical(m.reference.rows, f.ri, allRef)));
  const refTarget = refLabelAt < 0 ? null : categorical(m.reference.rows, refLabelAt, allRef);
  const refPreds = predictionColumns(classes, positive, refP, []);

  // CBPE: calibrate p(positive) on the reference where it has labels.
  let calibrate: ((s: number) => number) | null = null;
  if (positive !== null && refTarget) {
    const lab = allRef.filter((i) => refTarget[i] !== null);
    if (lab.length >= 100) calibrate = isotonicFit(Float64Array.from(lab, (i) => refP[i][positive]), Float64Array.from(lab, (i) => (refTarget[i] === classes[positive] ? 1 : 0)));
  }
  const expRef = expectedCorrect(refP, positive, calibrate);
  const expCur = expectedCorrect(curP, positive, calibrate);

  const columnTests: Record<string, StatTestName> = {};
  const stats = (table: TableData, probs: number[][], expected: Float64Array, rows: number[], labelAt: number): ChunkStats => {
    const columns: Record<string, number> = {};
    const driftedColumns: string[] = [];
    features.forEach((f, j) => {
      const at = table === m.reference ? f.ri : f.ci;
      const input: DriftColumnInput =
        f.type === 'numeric'
          ? { name: f.name, type: 'numeric', reference: refColumns[j] as Float64Array, current: numeric(table.rows, at, rows) }
          : { name: f.name, type: 'categorical', reference: refColumns[j] as (string | null)[], current: categorical(table.rows, at, rows) };
      if ((input.type === 'numeric' && input.current.length === 0) || (input.type === 'categorical' && input.current.every((v) => v === null))) return;
      const r = columnDrift(input, { histogram: false });
      columnTests[f.name] = r.test;
      columns[f.name] = r.score;
      if (r.drifted) driftedColumns.push(f.name);
    });
    const n = Object.keys(columns).length;
    const share = n ? driftedColumns.length / n : 0;
    const chunkProbs = rows.map((i) => probs[i]);
    const p = predictionColumns(classes, positive, [], chunkProbs);
    const cls = columnDrift({ ...p.cls, reference: refPreds.cls.reference } as DriftColumnInput, { histogram: false });
    const score = columnDrift({ ...p.score, reference: refPreds.score.reference } as DriftColumnInput, { histogram: false });
    const values: Partial<Record<TimelineSeries, number>> = { drift_share: share, predicted_class: cls.score, prediction_score: score.score };
    let real: ChunkStats['realized'] = null;
    let labelled = 0;
    if (labelAt >= 0 && refTarget) {
      const keep = rows.filter((i) => table.rows[i][labelAt] !== null);
      labelled = keep.length;
      if (keep.length) {
        const y = keep.map((i) => String(table.rows[i][labelAt]));
        real = realized(y, keep.map((i) => probs[i]), classes, positive);
        values.accuracy = real.accuracy;
        values.f1 = real.f1;
        if (positive !== null) values.roc_auc = real.rocAuc;
        const t = columnDrift({ name: label!, type: 'categorical', reference: refTarget, current: y }, { histogram: false });
        values.target = t.score;
        columnTests[`target:${label}`] = t.test;
      }
    }
    let e = 0;
    for (const i of rows) e += expected[i];
    const estimatedAccuracy = rows.length ? e / rows.length : NaN;
    values.estimated_accuracy = estimatedAccuracy;
    columnTests['prediction'] = cls.test;
    columnTests['prediction_score'] = score.test;
    return { values, columns, driftedColumns, datasetDrift: n > 0 && share >= req.shareThreshold, predictionDrift: cls.drifted || score.drifted, realized: real, labelled, estimatedAccuracy };
  };

  const curStats = chunks.map((c) => stats(m.current, curP, expCur, c.rows, curLabelAt));
  const sizes = chunks.map((c) => c.rows.length).sort((a, b) => a - b);
  const refSize = req.chunkSize ?? Math.max(1, sizes[Math.floor(sizes.length / 2)]);
  const refChunks = bySize(allRef, refSize).filter((r) => r.length >= refSize / 2);
  const refStats = refChunks.map((rows) => stats(m.reference, refP, expRef, rows, refLabelAt));
  const curBusiness = chunks.map((c) => (business ? chunkBusiness(business, business.current, c.rows, (i) => curP[i][positive!], calibrate) : null));
  if (business) {
    const put = (st: ChunkStats, b: ReturnType<typeof chunkBusiness>) => {
      if (b.expected !== null) st.values.expected_value = b.expected;
      if (b.realized !== null) st.values.realized_value = b.realized;
    };
    curStats.forEach((st, i) => put(st, curBusiness[i]!));
    refChunks.forEach((rows, i) => put(refStats[i], chunkBusiness(business, business.reference, rows, (r) => refP[r][positive!], calibrate)));
  }

  const bands: Partial<Record<TimelineSeries, AlertBand>> = {};
  for (const s of FLAGGING) {
    const vals = refStats.map((r) => r.values[s]).filter((v): v is number => v !== undefined);
    if (vals.length === 0) continue;
    const side: AlertBand['alertWhen'] =
      s === 'drift_share' ? 'above' : s === 'predicted_class' ? sideOf(columnTests['prediction']) : s === 'prediction_score' ? sideOf(columnTests['prediction_score']) : s === 'target' ? sideOf(columnTests[`target:${label}`]) : s === 'realized_value' || s === 'expected_value' ? 'below' : 'outside';
    bands[s] = band(vals, side);
  }
  const columnBands: Record<string, AlertBand> = {};
  for (const f of features) {
    if (!columnTests[f.name]) continue;
    columnBands[f.name] = band(refStats.map((r) => r.columns[f.name]).filter((v) => v !== undefined), sideOf(columnTests[f.name]));
  }

  const out: TimelineChunk[] = chunks.map((c, index) => {
    const s = curStats[index];
    const alerts = FLAGGING.filter((k) => outside(s.values[k], bands[k]));
    const columnAlerts = Object.keys(s.columns).filter((name) => outside(s.columns[name], columnBands[name]));
    return {
      index,
      key: c.key,
      from: c.from,
      to: c.to,
      rows: c.rows.length,
      labelled: s.labelled,
      values: s.values,
      columns: s.columns,
      driftedColumns: s.driftedColumns,
      datasetDrift: s.datasetDrift,
      predictionDrift: s.predictionDrift,
      realized: s.realized,
      estimatedAccuracy: s.estimatedAccuracy,
      business: curBusiness[index],
      alerts,
      columnAlerts,
      alertGroups: groupAlerts({ values: s.values, alerts, columns: s.columns, columnAlerts }, bands, columnBands),
      flagged: alerts.length > 0,
    };
  });
  return {
    model: m.source.label,
    reference: m.reference.label,
    current: m.current.label,
    chunking: { by, timestamp: req.timestamp ?? null, period: req.period ?? null, chunkSize: req.chunkSize ?? null, chunks: out.length },
    droppedRows: dropped,
    referenceChunkSize: refSize,
    referenceChunks: refChunks.length,
    referenceTrainingRows: m.referenceTrainingRows,
    labelColumn: label,
    positiveClass: positive === null ? null : classes[positive],
    calibrated: calibrate !== null,
    columnTests,
    bands,
    columnBands,
    chunks: out,
    ...timelineTrends(out, FLAGGING, bands, columnBands),
    business: business?.info ?? null,
  };
}
