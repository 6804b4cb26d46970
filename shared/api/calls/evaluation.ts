import { z } from 'zod';
import { datasetKey } from './keys';
import { userPath } from './user-path';
import { ENGINES, EVAL_SPLITS, type EvalSplit } from '../../domain';
import type { GateMetrics, GateResult } from '../../gates';
import type { CalibrationCurve, ColumnDriftResult, FairnessConstraint, PrecisionRecallCurve, RocCurve } from '../../stats';

/** Core numbers of one set of predictions; also each slice's. */
export interface CoreMetrics {
  count: number;
  accuracy: number;
  precisionMacro: number;
  recallMacro: number;
  f1Macro: number;
  /** Binary: AUC of the positive class; multiclass: one-vs-rest macro. NaN where a class is missing. */
  rocAuc: number;
  logLoss: number;
}

export interface ClassMetrics {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
  rocAuc: number;
  averagePrecision: number;
  ece: number;
  calibration: CalibrationCurve;
  /** Thinned to at most 200 points. */
  roc: RocCurve;
  pr: PrecisionRecallCurve;
}

export interface ConfusionReport {
  labels: string[];
  /** matrix[i][j]: rows of true class i predicted as j. */
  matrix: number[][];
  /** rows[i][j]: the 0-based indices (into the evaluated data) of those rows, for opening them. */
  rows: number[][][];
}

export interface Slice extends CoreMetrics {
  column: string;
  /** The category, or the quantile bin as "[lo, hi)" (the last bin closed). */
  value: string;
  /** Numeric bins: their edges. */
  range?: [number, number];
}

export interface SliceReport {
  minCount: number;
  bins: number;
  /** Per column, its slices in column order. */
  columns: { column: string; kind: 'categorical' | 'numeric'; slices: Slice[] }[];
  /** Slices of at least minCount rows, lowest accuracy first. */
  worst: Slice[];
}

export interface DisparityPair {
  between_groups: number;
  to_overall: number;
}

export interface GroupRow {
  group: string;
  count: number;
  selectionRate: number;
  truePositiveRate: number;
  falsePositiveRate: number;
  accuracy: number;
}

export interface MitigationSide {
  accuracy: number;
  /** Spread of the constrained rate between groups. */
  disparity: number;
  demographicParityDifference: number;
  selectionRates: { group: string; selectionRate: number }[];
}

export interface FairnessColumnReport {
  column: string;
  positiveClass: string;
  overall: Omit<GroupRow, 'group'>;
  groups: GroupRow[];
  demographicParityDifference: DisparityPair;
  demographicParityRatio: DisparityPair;
  equalizedOddsDifference: DisparityPair;
  equalizedOddsRatio: DisparityPair;
  equalOpportunityDifference: DisparityPair;
  equalOpportunityRatio: DisparityPair;
  fourFifths: { ratio: number; passes: boolean; adverselyImpacted: string[] };
  /** Per-group thresholds on the positive-class probability, next to the model as it is. */
  mitigation: {
    constraint: FairnessConstraint;
    tolerance: number;
    feasible: boolean;
    thresholds: { group: string; threshold: number }[];
    before: MitigationSide;
    after: MitigationSide;
  };
}

export interface OutcomeCounts {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

export interface BusinessImpact {
  positiveClass: string;
  values: OutcomeCounts;
  /** At the model's own decision (argmax; 0.5 for binary). */
  atDefault: { threshold: number; expectedValuePer1000: number; counts: OutcomeCounts };
  /** Predict positive when p(positive) >= threshold; Infinity: never. */
  best: { threshold: number; expectedValuePer1000: number; counts: OutcomeCounts };
}

export interface DriftSummary {
  reference: string;
  current: string;
  shareOfDriftedColumns: number;
  numberOfColumns: number;
  numberOfDriftedColumns: number;
  datasetDrift: boolean;
  missingColumns: string[];
  columns: Omit<ColumnDriftResult, 'histogram' | 'categories'>[];
}

export interface EvaluationReport {
  model: { label: string; runId: string | null; name: string | null; version: number | null; versionId: number | null };
  data: { label: string; rows: number; labelColumn: string };
  /** The part of the version's stored split evaluated; `all` for a whole version or a CSV file. */
  split: EvalSplit;
  /** Evaluated rows whose features equal a row the model was trained on; null when its training rows are unknown (an imported model). */
  trainingOverlap: number | null;
  classes: string[];
  /** The class fairness, the business values and bare class metrics mean; null for multiclass without --positive. */
  positiveClass: string | null;
  overall: CoreMetrics & {
    balancedAccuracy: number;
    precisionWeighted: number;
    recallWeighted: number;
    f1Weighted: number;
    rocAucWeighted: number;
    /** Binary: ECE of the positive class's probability; multiclass: of the top-label confidence. */
    ece: number;
  };
  perClass: ClassMetrics[];
  confusion: ConfusionReport;
  /** Top-label reliability curve. */
  calibration: CalibrationCurve;
  slices: SliceReport;
  fairness: FairnessColumnReport[];
  business: BusinessImpact | null;
  drift: DriftSummary | null;
  /** What the gates were checked against. */
  metrics: GateMetrics;
  gates: GateResult[];
  gatesSource: 'project' | 'request';
  gateStatus: GateOutcome;
  /** gateStatus === 'passed'. */
  passed: boolean;
  /** Shown beside the report: a whole version evaluated for want of a split, training rows unknown (trainingOverlap says the rest). */
  warnings: string[];
}

export { EVAL_SPLITS, type EvalSplit } from '../../domain';
/** no_gates: nothing was asked of the model, which is not a pass. */
export type GateOutcome = 'passed' | 'failed' | 'no_gates';

/** Stored beside each evaluation and returned with it, so lists and the registry need not open reports. */
export interface EvaluationFacts {
  split: EvalSplit;
  rows: number;
  /** Null when the model's training rows are unknown, or for evaluations from before Cairn counted them. */
  trainingOverlap: number | null;
  gateStatus: GateOutcome;
}

export interface EvaluationRecord extends EvaluationFacts {
  id: number;
  createdAt: number;
  passed: boolean;
  modelVersionId: number | null;
  runId: string | null;
  report: EvaluationReport;
}

export interface EvaluationSummary extends EvaluationFacts {
  id: number;
  createdAt: number;
  passed: boolean;
  modelVersionId: number | null;
  runId: string | null;
  model: string;
  data: string;
  accuracy: number;
  gates: { total: number; failed: string[] };
}

const versionRef = z.object({ datasetId: datasetKey, version: z.number().int().optional() });
const gateList = z.array(z.string().trim().min(1).max(500)).max(200);

export const evaluationCalls = {
  'evaluations.run': z.object({
    /** A run id (or prefix), name@alias or name@version. */
    model: z.string().trim().min(1).max(300),
    /** A dataset version with labels, or a CSV file (holding the label column) on the core's machine. */
    data: z.union([versionRef, z.object({ path: userPath })]),
    /** Part of a version's stored split; default `test` when it has one, else `all` (with a warning). */
    split: z.enum(EVAL_SPLITS).optional(),
    /** Replaces the project's gates for this evaluation. */
    gates: gateList.optional(),
    sensitive: z.array(z.string().min(1).max(200)).max(20).default([]),
    positive: z.string().min(1).max(200).optional(),
    values: z.object({ tp: z.number(), fp: z.number(), tn: z.number(), fn: z.number() }).optional(),
    /** For drift_share; default: the run's training dataset version. */
    driftReference: versionRef.optional(),
    mitigation: z
      .object({
        constraint: z.enum(['demographic_parity', 'true_positive_rate_parity', 'equalized_odds']).default('demographic_parity'),
        tolerance: z.number().gt(0).max(1).default(0.05),
      })
      .default({ constraint: 'demographic_parity', tolerance: 0.05 }),
    slices: z.object({ minCount: z.number().int().min(1).default(30), bins: z.number().int().min(2).max(20).default(4) }).default({ minCount: 30, bins: 4 }),
    engine: z.enum(['auto', ...ENGINES]).default('auto'),
  }),
  'evaluations.get': z.object({ id: z.number().int() }),
  'evaluations.list': z.object({
    runId: z.string().min(1).max(64).optional(),
    /** name@alias or name@version: that registry version's evaluations. */
    model: z.string().min(1).max(300).optional(),
    modelVersionId: z.number().int().optional(),
    limit: z.number().int().min(1).max(1000).default(100),
  }),
  'gates.get': z.object({}),
  /** Validated as gate expressions; the first bad one is named. */
  'gates.set': z.object({ gates: gateList }),
} satisfies Record<string, z.ZodType>;

export interface EvaluationResults {
  'evaluations.run': EvaluationRecord;
  'evaluations.get': EvaluationRecord;
  'evaluations.list': EvaluationSummary[];
  'gates.get': { gates: string[] };
  'gates.set': { gates: string[] };
}
