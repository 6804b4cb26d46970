import { formatMetric } from '../../lib/format';
import { bestPoint, metricGoal } from '../../lib/metricGoal';
import { isModelKey, orderMetricKeys, type CurvesByKey } from '../../lib/series';

/**
 * The numbers a run is judged by, before any chart: per metric the final value (latest while the
 * run trains) and the best one in the metric's direction, with the epoch each was reached at.
 */
export function MetricsSummary({ curves, active }: { curves: CurvesByKey; active: boolean }) {
  const keys = orderMetricKeys(Object.keys(curves).filter((k) => isModelKey(k) && curves[k].values.length > 0));
  if (keys.length === 0) return null;
  return (
    <section className="card metrics-summary">
      <table className="data-table" data-testid="metrics-summary">
        <thead>
          <tr>
            <th>Metric</th>
            <th className="num">{active ? 'Latest' : 'Final'}</th>
            <th className="num">Best</th>
            <th>Best at</th>
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => {
            const curve = curves[key];
            const last = curve.values.length - 1;
            const goal = metricGoal(key);
            const best = bestPoint(curve, goal)!;
            return (
              <tr key={key} data-testid={`summary-${key}`} data-goal={goal} data-best={best.value} data-best-step={best.step} data-last={curve.values[last]}>
                <th scope="row">{key}</th>
                <td className="num">
                  {formatMetric(curve.values[last])} <span className="muted">epoch {curve.steps[last]}</span>
                </td>
                <td className="num">{formatMetric(best.value)}</td>
                <td className="muted">
                  epoch {best.step} ({goal === 'max' ? 'highest' : 'lowest'})
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
