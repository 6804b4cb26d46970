import type { DriftVerdict, PredictionDriftResult } from '../../../shared/api/calls/monitoring';
import type { EngineChoice } from '../../../shared/domain';
import { columnDrift, type ColumnDriftResult } from '../../../shared/stats';
import { predictTables } from '../predict/table-rows';
import { driftReport } from './drift-service';
import { positiveOf, predictionColumns } from './prediction-columns';
import { loadMonitored, type DataRef, type MonitoringDeps, type VersionRef } from './timeline-monitored';

function verdict(r: ColumnDriftResult): DriftVerdict {
  const { histogram, categories, ...rest } = r;
  return rest;
}

/** Drift of a model's predicted class and score on the current table against its predictions on the reference, beside the data drift. */
export async function predictionDrift(
  d: MonitoringDeps,
  req: { model: string; reference?: VersionRef; current: DataRef; shareThreshold: number; engine: EngineChoice },
): Promise<PredictionDriftResult> {
  const m = await loadMonitored(d, req.model, req.reference, req.current);
  const [refP, curP] = await predictTables(d.predictions, m.source, [m.reference, m.current], req.engine);
  const classes = m.source.classes;
  const positive = positiveOf(classes);
  const cols = predictionColumns(classes, positive, refP, curP);
  const predictedClass = verdict(columnDrift(cols.cls, { histogram: false }));
  const score = {
    ...verdict(columnDrift(cols.score, { histogram: false })),
    kind: positive === null ? ('max_probability' as const) : ('positive_probability' as const),
  };
  const data = driftReport(m.reference, m.current, req.shareThreshold);
  const hasLabels = m.labelColumn !== null && m.current.columns.some((c) => c.name === m.labelColumn);
  const targetCol = hasLabels ? data.columns.find((c) => c.name === m.labelColumn) : undefined;
  return {
    model: m.source.label,
    reference: m.reference.label,
    current: m.current.label,
    classes,
    positiveClass: positive === null ? null : (classes[positive] ?? null),
    predictedClass,
    score,
    target: targetCol ? verdict(targetCol) : null,
    data: { ...data, columns: data.columns.map(verdict) },
    drifted: predictedClass.drifted || score.drifted,
  };
}
