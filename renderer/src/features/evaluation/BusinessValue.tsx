import type { BusinessImpact, OutcomeCounts } from '../../../../shared/api/calls/evaluation';

/** The threshold the core found best may be "never predict positive" (Infinity, null over JSON). */
function thresholdText(t: number | null): string {
  return typeof t === 'number' && Number.isFinite(t) ? t.toFixed(3) : 'never positive';
}

const money = (v: number) => (Number.isFinite(v) ? v.toLocaleString(undefined, { maximumFractionDigits: 1 }) : '—');
const counts = (c: OutcomeCounts) => `TP ${c.tp} · FP ${c.fp} · TN ${c.tn} · FN ${c.fn}`;

/** Expected value per 1,000 predictions at the model's own decision and at the best threshold. */
export function BusinessValue({ business }: { business: BusinessImpact }) {
  const v = business.values;
  return (
    <section
      className="card"
      data-testid="business-value"
      data-best-threshold={String(business.best.threshold)}
      data-best-value={String(business.best.expectedValuePer1000)}
    >
      <h2>Business value</h2>
      <p className="muted">
        Positive class <strong>{business.positiveClass}</strong>; one outcome is worth TP {v.tp}, FP {v.fp}, TN {v.tn}, FN {v.fn}.
      </p>
      <table className="data-table">
        <thead>
          <tr>
            <th>Decision</th>
            <th className="num">Threshold</th>
            <th className="num">Value per 1,000</th>
            <th>Outcomes</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td>Model as it is</td>
            <td className="num mono">{thresholdText(business.atDefault.threshold)}</td>
            <td className="num mono">{money(business.atDefault.expectedValuePer1000)}</td>
            <td className="mono">{counts(business.atDefault.counts)}</td>
          </tr>
          <tr className="selected">
            <td>Best threshold</td>
            <td className="num mono">{thresholdText(business.best.threshold)}</td>
            <td className="num mono">{money(business.best.expectedValuePer1000)}</td>
            <td className="mono">{counts(business.best.counts)}</td>
          </tr>
        </tbody>
      </table>
    </section>
  );
}
