import { useMemo } from 'react';
import type { EvaluationReport } from '../../../../shared/api/calls/evaluation';
import { LineChart } from '../../components/LineChart';
import { calibrationLines, prLines, rocLines } from './reportCurves';

/** ROC, precision–recall and reliability curves; the report never changes, so lines are built once. */
export function EvaluationCurves({ report }: { report: EvaluationReport }) {
  const roc = useMemo(() => rocLines(report), [report]);
  const pr = useMemo(() => prLines(report), [report]);
  const calibration = useMemo(() => calibrationLines(report), [report]);
  return (
    <div className="chart-grid eval-curves">
      <LineChart title="ROC curve (TPR against FPR)" testId="roc-chart" lines={roc} xLabel="false positive rate" unitAxes />
      <LineChart title="Precision–recall" testId="pr-chart" lines={pr} xLabel="recall" unitAxes />
      <LineChart title="Calibration (top label)" testId="calibration-chart" lines={calibration} xLabel="mean predicted probability" unitAxes />
    </div>
  );
}
