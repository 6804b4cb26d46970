import type { DriftSummary, EvaluationRecord, EvaluationReport, FairnessColumnReport } from '../../../shared/api/calls/evaluation';
import type { CallArgs } from '../../../shared/api/contract';
import type { DatasetVersionInfo } from '../../../shared/domain';
import { evaluateGates, type Gate } from '../../../shared/gates';
import { binaryPositive } from '../../../shared/stats';
import type { DatasetService } from '../datasets/dataset-service';
import { UserError } from '../errors';
import { driftReport, versionDriftColumns, type DriftColumns, type TableData } from '../monitoring/drift-service';
import type { PredictService } from '../predict/predict-service';
import { predictTables } from '../predict/table-rows';
import type { ModelSource } from '../registry/model-source';
import type { ModelRegistry } from '../registry/registry';
import type { RunRepo } from '../runs/run-repo';
import type { Db } from '../store/database';
import { businessImpact } from './business';
import { loadEvalData, type EvalData } from './eval-data';
import type { EvaluationStore } from './evaluation-store';
import { fairnessReport } from './fairness-report';
import { gateMetrics } from './gate-metrics';
import { headlineReport, predictedIndex, type Probabilities } from './metrics';
import { sliceReport } from './slices';
import { trainingOverlap } from './training-overlap';

export interface EvaluateDeps {
  db: Db;
  datasets: DatasetService;
  registry: ModelRegistry;
  predictions: PredictService;
  runs: RunRepo;
}

export type EvaluateRequest = CallArgs<'evaluations.run'>;

const MISSING = '(missing)';

/** Evaluates the model on the data, checks the (already parsed) gates, and stores the report. */
export async function evaluate(
  d: EvaluateDeps,
  store: EvaluationStore,
  req: EvaluateRequest,
  gates: Gate[],
  gatesSource: 'request' | 'project',
): Promise<EvaluationRecord> {
  const source = d.registry.resolve(req.model);
  const data = await loadEvalData(d.db, d.datasets, source, req.data, req.split);
  const overlap = trainingOverlap(d.db, d.datasets.repo, d.runs, source, data);
  const sensitiveAt = req.sensitive.map((col) => {
    const at = data.table.columns.findIndex((c) => c.name === col);
    if (at < 0)
      throw new UserError(
        `Sensitive column "${col}": ${data.table.label} has no such column (columns: ${data.table.columns.map((c) => c.name).join(', ')})`,
        'invalid_input',
        'sensitive',
      );
    return at;
  });
  const classes = source.classes;
  const positiveClass = choosePositive(source, req.positive);
  if (positiveClass === null && (req.sensitive.length || req.values)) {
    throw new UserError(
      `${source.label} has ${classes.length} classes: fairness and business values are one-vs-rest, so name the positive class`,
      'invalid_input',
      'positive',
    );
  }
  const probs = await predict(d, source, data, req.engine);
  const positiveIndex = positiveClass === null ? null : classes.indexOf(positiveClass);
  const headline = headlineReport(data.yTrue, probs, classes, data.rowIndex, positiveIndex);
  if (positiveIndex !== null && classes.length === 2) headline.overall.ece = headline.perClass[positiveIndex].ece;
  const slices = sliceReport(data, probs, classes, positiveIndex, req.slices);

  let fairness: FairnessColumnReport[] = [];
  let business: EvaluationReport['business'] = null;
  if (positiveIndex !== null) {
    const pred = predictedIndex(probs);
    const y01 = Uint8Array.from(data.yTrue, (y) => (y === positiveClass ? 1 : 0));
    const pred01 = Uint8Array.from(pred, (p) => (p === positiveIndex ? 1 : 0));
    const scores = Float64Array.from(probs, (p) => p[positiveIndex]);
    fairness = req.sensitive.map((column, s) => {
      const groups = data.rowIndex.map((r) => {
        const v = data.table.rows[r][sensitiveAt[s]];
        return v === null ? MISSING : String(v);
      });
      return fairnessReport({ column, groups, positiveClass: positiveClass!, yTrue01: y01, yPred01: pred01, scores, mitigation: req.mitigation });
    });
    if (req.values) business = businessImpact(positiveClass!, req.values, y01, pred01, scores, classes.length === 2 ? 0.5 : NaN);
  }

  const wantsDrift = req.driftReference !== undefined || gates.some((g) => g.target.kind === 'scalar' && g.metric === 'drift_share');
  const evaluatedTable = data.split === 'all' ? data.table : { ...data.table, rows: data.rowIndex.map((i) => data.table.rows[i]) };
  const drift = wantsDrift ? driftSummary(d, source, evaluatedTable, req.driftReference, data) : null;

  const parts = { ...headline, positiveClass, fairness, business, drift };
  const metrics = gateMetrics(parts);
  const gateResults = evaluateGates(gates, metrics);
  const gateStatus = gateResults.length === 0 ? 'no_gates' : gateResults.every((g) => g.passed) ? 'passed' : 'failed';
  const warnings = [...data.warnings];
  if (overlap === null)
    warnings.push(
      `${source.label}'s training rows are unknown (an imported model, or a run Cairn did not train), so these rows may include ones it was trained on`,
    );
  const report: EvaluationReport = {
    model: {
      label: source.label,
      runId: source.runId,
      name: source.model?.name ?? null,
      version: source.model?.version ?? null,
      versionId: source.model?.versionId ?? null,
    },
    data: { label: data.table.label, rows: data.yTrue.length, labelColumn: data.labelColumn },
    split: data.split,
    trainingOverlap: overlap,
    classes,
    ...parts,
    slices,
    metrics,
    gates: gateResults,
    gatesSource,
    gateStatus,
    // No gates is not a pass: nothing was asked of the model.
    passed: gateStatus === 'passed',
    warnings,
  };
  return store.insert({ modelVersionId: source.model?.versionId ?? null, runId: source.runId }, report);
}

async function predict(d: EvaluateDeps, source: ModelSource, data: EvalData, engine: EvaluateRequest['engine']): Promise<Probabilities> {
  const [probs] = await predictTables(d.predictions, source, [{ ...data.table, rows: data.rowIndex.map((i) => data.table.rows[i]) }], engine);
  return probs;
}

/** Drift of the evaluated data from the reference; none (so drift gates fail, saying why) when there is no reference. */
function driftSummary(
  d: EvaluateDeps,
  source: ModelSource,
  current: TableData,
  reference: EvaluateRequest['driftReference'],
  loaded: EvalData,
): DriftSummary | null {
  // The reference is often the version evaluated (its test part against the whole): read once.
  const tableOf = (v: DatasetVersionInfo) => (v.id === loaded.version?.id ? loaded.table : versionDriftColumns(d.datasets, v));
  let ref: TableData | DriftColumns;
  if (reference) ref = tableOf(d.datasets.resolve({ id: reference.datasetId, version: reference.version }));
  else {
    const trained = source.lineage.dataset;
    if (!trained) return null;
    try {
      ref = tableOf(d.datasets.resolve({ name: trained.name, version: trained.version }));
    } catch {
      return null;
    }
  }
  const r = driftReport(ref, current);
  return {
    reference: r.reference,
    current: r.current,
    shareOfDriftedColumns: r.shareOfDriftedColumns,
    numberOfColumns: r.numberOfColumns,
    numberOfDriftedColumns: r.numberOfDriftedColumns,
    datasetDrift: r.datasetDrift,
    missingColumns: r.missingColumns,
    columns: r.columns.map(({ histogram, categories, ...rest }) => rest),
  };
}

/** --positive if given, else a binary model's positive class. */
function choosePositive(source: ModelSource, positive: string | undefined): string | null {
  if (positive !== undefined) {
    if (!source.classes.includes(positive))
      throw new UserError(
        `The positive class "${positive}" is not a class of ${source.label} (classes: ${source.classes.join(', ')})`,
        'invalid_input',
        'positive',
      );
    return positive;
  }
  return binaryPositive(source.classes);
}
