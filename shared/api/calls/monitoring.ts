import { z } from 'zod';
import { datasetKey } from './keys';
import { userPath } from './user-path';
import { ENGINES } from '../../domain';
import type { ColumnDriftResult, DatasetDriftResult, DriftClassification, StatTestName } from '../../stats';
import type { EvaluationRecord, OutcomeCounts } from './evaluation';

const versionRef = z.object({ datasetId: datasetKey, version: z.number().int().optional() });
const dataRef = z.union([versionRef, z.object({ path: userPath })]);
const modelRef = z.string().trim().min(1).max(300);
const engine = z.enum(['auto', ...ENGINES]).default('auto');
const outcomeValues = z.object({ tp: z.number().finite(), fp: z.number().finite(), tn: z.number().finite(), fn: z.number().finite() });

export const monitoringCalls = {
  /** Current data (a later version, or a CSV file on the core's machine) against a reference version. */
  'monitoring.drift': z.object({
    reference: versionRef,
    current: z.union([versionRef, z.object({ path: userPath })]),
    shareThreshold: z.number().gt(0).max(1).default(0.5),
  }),
  /** Drift of a model's predictions (class and score) on current data against its predictions on the reference, beside the data drift. */
  'monitoring.predictionDrift': z.object({
    /** A run id (or prefix), name@alias or name@version. */
    model: modelRef,
    /** Default: the model's training dataset version. */
    reference: versionRef.optional(),
    current: dataRef,
    shareThreshold: z.number().gt(0).max(1).default(0.5),
    engine,
  }),
  /** Current data in chunks (by a timestamp column or by size): drift, prediction drift, realized and estimated performance, with alert bands from reference chunks. */
  'monitoring.timeline': z.object({
    model: modelRef,
    reference: versionRef.optional(),
    current: dataRef,
    /** Column holding each row's time; with period (or chunks) the rows are grouped by it. */
    timestamp: z.string().min(1).max(200).optional(),
    period: z.enum(['day', 'week', 'month']).optional(),
    /** Rows per chunk (in the data's order, or by time with timestamp). */
    chunkSize: z.number().int().min(10).max(10_000_000).optional(),
    /** Split into this many equal chunks (default 10 when neither period nor chunkSize is given). */
    chunks: z.number().int().min(1).max(1000).optional(),
    shareThreshold: z.number().gt(0).max(1).default(0.5),
    /** Value of each outcome of a binary model: charts the value expected per 1,000 predictions and the value realized. */
    values: outcomeValues.optional(),
    /** Realized outcomes in a column of the current data: a class (or 1/0, yes/no, true/false) or an amount per row. Default: the label column. */
    outcomeColumn: z.string().min(1).max(200).optional(),
    /** Or: the current data's row ids in this column, joined to the outcomes logged for the model. */
    idColumn: z.string().min(1).max(200).optional(),
    engine,
  }),
  /** Store realized outcomes (a CSV of id, outcome and optionally timestamp) for the rows a model scored; a logged id is replaced. */
  'monitoring.logOutcomes': z.object({
    model: modelRef,
    path: userPath,
  }),
  /** Merge new labelled rows into a new version of a run's training dataset, train again with the same config, and compare both models on the new data. */
  'monitoring.retrain': z.object({
    runId: z.string().trim().min(1).max(300),
    newData: dataRef,
    engine,
  }),
} satisfies Record<string, z.ZodType>;

export interface DriftReportResult extends DatasetDriftResult {
  reference: string;
  current: string;
  missingColumns: string[];
}

/** A column's drift verdict without the overlay data. */
export type DriftVerdict = Omit<ColumnDriftResult, 'histogram' | 'categories'>;

export interface PredictionDriftResult {
  model: string;
  reference: string;
  current: string;
  classes: string[];
  /** Binary: the second class in sorted order; null for multiclass. */
  positiveClass: string | null;
  /** Distribution of the predicted class (a categorical test, chosen as Evidently does). */
  predictedClass: DriftVerdict;
  /** Binary: p(positive class); multiclass: the top probability (a numeric test). */
  score: DriftVerdict & { kind: 'positive_probability' | 'max_probability' };
  /** The label column, where the current data has labels. */
  target: DriftVerdict | null;
  /** The data drift report of the same two tables (features and label). */
  data: Omit<DriftReportResult, 'columns'> & { columns: DriftVerdict[] };
  /** Either prediction test drifted. */
  drifted: boolean;
}

export type TimelineSeries =
  | 'drift_share'
  | 'predicted_class'
  | 'prediction_score'
  | 'target'
  | 'accuracy'
  | 'f1'
  | 'roc_auc'
  | 'estimated_accuracy'
  | 'expected_value'
  | 'realized_value';

export interface AlertBand {
  /** Over the reference chunks. */
  mean: number;
  std: number;
  /** mean ± 3 std. */
  lower: number;
  upper: number;
  /** Which side raises an alert: distances above, p-values below, performance either. */
  alertWhen: 'above' | 'below' | 'outside';
}

/** One series or column outside its band in a chunk. */
export interface Alert {
  name: string;
  label: string;
  value: number;
  band: AlertBand;
}

/**
 * A chunk's alerts by what they say, in this order: data drift (the share of drifted columns, the
 * target's distribution), prediction drift, performance (realized, estimated), then the columns
 * outside their bands, which explain the data drift and are many when it is large.
 */
export interface AlertGroup {
  kind: 'data_drift' | 'prediction_drift' | 'performance' | 'columns';
  title: string;
  alerts: Alert[];
}

export interface TimelineChunk {
  index: number;
  /** The period ("2024-03", "2024-03-04" for the week starting then) or the row range "[start, end)". */
  key: string;
  /** Timestamps (ms) of its first and last row, with a timestamp column. */
  from: number | null;
  to: number | null;
  rows: number;
  labelled: number;
  values: Partial<Record<TimelineSeries, number>>;
  /** Per feature column: its drift score (p-value or distance, see columnTests). */
  columns: Record<string, number>;
  driftedColumns: string[];
  datasetDrift: boolean;
  predictionDrift: boolean;
  /** Realized performance, where the chunk has labels. */
  realized: { accuracy: number; f1: number; rocAuc: number } | null;
  /** CBPE: expected accuracy from the (reference-calibrated) probabilities, labels not needed. */
  estimatedAccuracy: number;
  /** Business value per 1,000 predictions: expected from the value matrix, realized from the outcomes; with values or an outcome column. */
  business: { expected: number | null; realized: number | null; outcomes: number } | null;
  /** Series outside their band. */
  alerts: TimelineSeries[];
  /** Feature columns whose score is outside their band. */
  columnAlerts: string[];
  /** alerts and columnAlerts grouped, groups without an alert left out. */
  alertGroups: AlertGroup[];
  flagged: boolean;
}

export interface TimelineResult {
  model: string;
  reference: string;
  current: string;
  chunking: { by: 'size' | 'count' | 'period'; timestamp: string | null; period: 'day' | 'week' | 'month' | null; chunkSize: number | null; chunks: number };
  /** Rows dropped for an unreadable timestamp. */
  droppedRows: number;
  /** Size of the reference chunks the bands come from, and how many there were. */
  referenceChunkSize: number;
  referenceChunks: number;
  /**
   * Reference rows the model was trained on (null: unknown). Realized-performance bands and the
   * CBPE calibration drawn from them are optimistic; a held-out reference (a test part) is not.
   */
  referenceTrainingRows: number | null;
  labelColumn: string | null;
  positiveClass: string | null;
  /** Whether the estimated accuracy was calibrated on the reference's labels. */
  calibrated: boolean;
  columnTests: Record<string, StatTestName>;
  bands: Partial<Record<TimelineSeries, AlertBand>>;
  columnBands: Record<string, AlertBand>;
  chunks: TimelineChunk[];
  /** How each series changed across the chunks: sudden (a change point), gradual (a trend) or none. */
  trends: Partial<Record<TimelineSeries, DriftClassification>>;
  /** The same for each feature column's drift score. */
  columnTrends: Record<string, DriftClassification>;
  /**
   * Where the realized outcomes came from (the label, a column, outcomes logged for the model) and
   * what they are: classes, valued by the value matrix, or amounts; null without values or outcomes.
   */
  business: { values: OutcomeCounts | null; source: 'labels' | 'column' | 'logged'; column: string; kind: 'class' | 'amount' } | null;
}

export interface OutcomesLogResult {
  model: string;
  runId: string;
  /** Rows in the file; replaced: of them, ids logged before. */
  logged: number;
  replaced: number;
  /** Outcomes now stored for the run. */
  total: number;
}

export interface Recommendation {
  retrain: boolean;
  reasons: string[];
  message: string;
}

export interface RetrainResult {
  previousRunId: string;
  runId: string;
  status: string;
  dataset: { name: string; previousVersion: number; version: number; rows: number; addedRows: number };
  /** Both models evaluated on the new data (drift against the previous training version). */
  current: EvaluationRecord;
  retrained: EvaluationRecord;
  /** Before retraining: drift or a failed gate on the new data. */
  recommendation: Recommendation;
  /**
   * Compared on the new rows the retrained model did not train on (it trained on the rest, so its
   * report above is marked as on training data): accuracy there, retrained minus current.
   */
  better: 'current' | 'retrained' | 'tie';
  accuracyDelta: number;
  comparedRows: number;
}

export interface MonitoringResults {
  'monitoring.drift': DriftReportResult;
  'monitoring.predictionDrift': PredictionDriftResult;
  'monitoring.timeline': TimelineResult;
  'monitoring.retrain': RetrainResult;
  'monitoring.logOutcomes': OutcomesLogResult;
}
