import type { EvaluationReport } from '../../../../shared/api/calls/evaluation';
import { colorFor } from '../../lib/colors';

/** What LineChart draws (its ChartLine); declared here (structurally the same) so this stays a plain .ts module the unit tests load. */
export interface CurveLine {
  id: string;
  label: string;
  color: string;
  steps: number[];
  values: number[];
  dashed?: boolean;
}

/** Past this many classes one-vs-rest curves stop being readable; the per-class table has them all. */
const MAX_CLASS_CURVES = 8;

/**
 * The classes worth a curve: for a binary model only the positive class (the other is its mirror),
 * otherwise one-vs-rest per class.
 */
function curveClasses(report: EvaluationReport) {
  if (report.classes.length === 2 && report.positiveClass !== null) return report.perClass.filter((c) => c.label === report.positiveClass);
  return report.perClass.slice(0, MAX_CLASS_CURVES);
}

/** Drops points JSON turned into null (NaN, ±Infinity), which chart.js would draw as gaps or zero. */
function finitePairs(xs: (number | null)[], ys: (number | null)[]): { steps: number[]; values: number[] } {
  const steps: number[] = [];
  const values: number[] = [];
  xs.forEach((x, i) => {
    const y = ys[i];
    if (typeof x === 'number' && Number.isFinite(x) && typeof y === 'number' && Number.isFinite(y)) {
      steps.push(x);
      values.push(y);
    }
  });
  return { steps, values };
}

const DIAGONAL: CurveLine = { id: 'chance', label: 'chance', color: '#6b7380', steps: [0, 1], values: [0, 1], dashed: true };

export function rocLines(report: EvaluationReport): CurveLine[] {
  return [
    ...curveClasses(report).map((c, i) => ({
      id: `roc:${c.label}`,
      label: `${c.label} (AUC ${fmt(c.rocAuc)})`,
      color: colorFor(i),
      ...finitePairs(c.roc.fpr, c.roc.tpr),
    })),
    DIAGONAL,
  ];
}

/** PR points come in descending recall; chart.js draws lines in data order, so they are sorted by x. */
export function prLines(report: EvaluationReport): CurveLine[] {
  return curveClasses(report).map((c, i) => {
    const { steps, values } = finitePairs(c.pr.recall, c.pr.precision);
    const order = steps.map((_, k) => k).sort((a, b) => steps[a] - steps[b]);
    return {
      id: `pr:${c.label}`,
      label: `${c.label} (AP ${fmt(c.averagePrecision)})`,
      color: colorFor(i),
      steps: order.map((k) => steps[k]),
      values: order.map((k) => values[k]),
    };
  });
}

/** The top-label reliability curve next to perfect calibration. */
export function calibrationLines(report: EvaluationReport): CurveLine[] {
  return [
    {
      id: 'calibration',
      label: `model (ECE ${fmt(report.overall.ece)})`,
      color: colorFor(0),
      ...finitePairs(report.calibration.probPred, report.calibration.probTrue),
    },
    { ...DIAGONAL, label: 'perfectly calibrated' },
  ];
}

function fmt(v: number | null): string {
  return typeof v === 'number' && Number.isFinite(v) ? v.toFixed(3) : '—';
}
