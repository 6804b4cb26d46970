import type { TimelineChunk, TimelineResult } from '../../../shared/api/calls/monitoring';
import type { EngineChoice } from '../../../shared/domain';
import type { StatTestName } from '../../../shared/stats';
import { UserError } from '../errors';
import { predictTables } from '../predict/table-rows';
import { groupAlerts } from './alert-groups';
import { businessInputs, chunkBusiness, type BusinessRequest } from './business-value';
import { positiveOf } from './prediction-columns';
import { alertBands, chunkAlerts, FLAGGING } from './timeline-bands';
import { expectedCorrect, isotonicFit } from './timeline-cbpe';
import { chunkStats, referenceBaseline, type ChunkStats, type Feature, type ScoredTable } from './timeline-chunk-stats';
import { bySize, chunkTable, type ChunkOptions } from './timeline-chunks';
import { loadMonitored, type DataRef, type MonitoringDeps, type VersionRef } from './timeline-monitored';
import { timelineTrends } from './trends';

// The monitoring timeline (NannyML-style): current data in chunks, each chunk's data drift,
// prediction drift and performance (realized where labelled, estimated by CBPE everywhere), with
// alert bands of mean ± 3 std from the reference cut into chunks of the same size.
// This file is the entry; the parts live beside it (timeline-*.ts, prediction-*.ts).

export { predictionDrift } from './prediction-drift';
export type { DataRef, Monitored, MonitoringDeps, VersionRef } from './timeline-monitored';

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
  const [refP, curP] = await predictTables(d.predictions, m.source, [m.reference, m.current], req.engine);
  const label = m.labelColumn;

  // Feature columns in both tables (the label is watched as the target); free text is not tested (see driftInputs).
  const features: Feature[] = m.reference.columns
    .map((c, ri) => ({ name: c.name, type: c.type, ri, ci: m.current.columns.findIndex((x) => x.name === c.name) }))
    .filter((c) => c.ci >= 0 && c.name !== label && c.name !== req.timestamp && c.type !== 'text');
  if (features.length === 0) throw new UserError(`${m.current.label} shares no feature columns with ${m.reference.label}`);
  const baseline = referenceBaseline(m.reference, refP, features, { classes, positive, label, shareThreshold: req.shareThreshold });

  // CBPE: calibrate p(positive) on the reference where it has labels.
  let calibrate: ((s: number) => number) | null = null;
  const refTarget = baseline.target;
  if (positive !== null && refTarget) {
    const lab = refP.flatMap((p, i) => {
      const y = refTarget[i];
      return y === null || y === undefined ? [] : [{ score: p[positive] ?? NaN, y: y === classes[positive] ? 1 : 0 }];
    });
    if (lab.length >= 100)
      calibrate = isotonicFit(
        Float64Array.from(lab, (l) => l.score),
        Float64Array.from(lab, (l) => l.y),
      );
  }
  const labelAt = (t: typeof m.current) => (label === null ? -1 : t.columns.findIndex((c) => c.name === label));
  const ref: ScoredTable = {
    table: m.reference,
    probs: refP,
    expected: expectedCorrect(refP, positive, calibrate),
    labelAt: labelAt(m.reference),
    side: 'reference',
  };
  const cur: ScoredTable = {
    table: m.current,
    probs: curP,
    expected: expectedCorrect(curP, positive, calibrate),
    labelAt: labelAt(m.current),
    side: 'current',
  };

  const columnTests: Record<string, StatTestName> = {};
  const scoreOf = (probs: number[][]) => (i: number) => (positive === null ? NaN : (probs[i]?.[positive] ?? NaN));
  const current = chunks.map((chunk) => ({
    chunk,
    stats: chunkStats(baseline, cur, chunk.rows, columnTests),
    business: business ? chunkBusiness(business, business.current, chunk.rows, scoreOf(curP), calibrate) : null,
  }));
  const sizes = chunks.map((c) => c.rows.length).sort((a, b) => a - b);
  const refSize = req.chunkSize ?? Math.max(1, sizes[Math.floor(sizes.length / 2)] ?? 1);
  const refChunks = bySize(
    m.reference.rows.map((_, i) => i),
    refSize,
  ).filter((r) => r.length >= refSize / 2);
  const refStats = refChunks.map((rows) => {
    const stats = chunkStats(baseline, ref, rows, columnTests);
    if (business) putBusiness(stats, chunkBusiness(business, business.reference, rows, scoreOf(refP), calibrate));
    return stats;
  });
  for (const c of current) if (c.business) putBusiness(c.stats, c.business);

  const bands = alertBands(
    refStats,
    columnTests,
    label,
    features.map((f) => f.name),
  );
  const out: TimelineChunk[] = current.map(({ chunk: c, stats: s, business: b }, index) => {
    const { alerts, columnAlerts } = chunkAlerts(s, bands);
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
      business: b,
      alerts,
      columnAlerts,
      alertGroups: groupAlerts({ values: s.values, alerts, columns: s.columns, columnAlerts }, bands.bands, bands.columnBands),
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
    positiveClass: positive === null ? null : (classes[positive] ?? null),
    calibrated: calibrate !== null,
    columnTests,
    bands: bands.bands,
    columnBands: bands.columnBands,
    chunks: out,
    ...timelineTrends(out, FLAGGING, bands.bands, bands.columnBands),
    business: business?.info ?? null,
  };
}

/** The business value series go beside the chunk's others (and so get bands and alerts). */
function putBusiness(st: ChunkStats, b: ReturnType<typeof chunkBusiness>): void {
  if (b.expected !== null) st.values.expected_value = b.expected;
  if (b.realized !== null) st.values.realized_value = b.realized;
}
