import { useMemo } from 'react';
import type { ClassBalance } from '../../../../shared/quality/duplicates';
import { BarOverlayChart } from '../../components/BarOverlayChart';

/** Rows per class; the largest over the smallest says how lopsided the labels are. */
export function ClassBalanceChart({ balance }: { balance: ClassBalance }) {
  const counts = Array.isArray(balance.counts) ? balance.counts : [];
  const labels = useMemo(() => counts.map((c) => c.label), [counts]);
  const series = useMemo(
    () => [{ label: 'rows', color: balance.imbalanced ? '#e8b34a' : '#3fbf7f', values: counts.map((c) => c.count) }],
    [counts, balance.imbalanced],
  );
  if (counts.length === 0) return null;
  const ratio = Number.isFinite(balance.imbalanceRatio) ? `${balance.imbalanceRatio.toFixed(1)}:1` : '—';
  return (
    <BarOverlayChart
      title={`Class balance: largest/smallest ${ratio}${balance.imbalanced ? ' (imbalanced)' : ''}`}
      testId="class-balance-chart"
      labels={labels}
      series={series}
      yLabel="rows"
      attrs={{ 'data-imbalanced': String(balance.imbalanced), 'data-ratio': String(balance.imbalanceRatio) }}
    />
  );
}
