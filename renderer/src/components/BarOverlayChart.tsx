import { useEffect, useRef } from 'react';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

export interface BarSeries {
  label: string;
  color: string;
  values: number[];
}

/**
 * Grouped bars over shared labels (histogram bins or categories), e.g. reference vs current.
 * The data of a report never changes in place, so a new `series` array rebuilds the chart.
 */
export function BarOverlayChart({
  title,
  testId,
  labels,
  series,
  yLabel,
  asPercent = false,
  attrs,
}: {
  title: string;
  testId: string;
  labels: string[];
  series: BarSeries[];
  yLabel: string;
  /** Values are fractions; show them as percentages on the axis and in tooltips. */
  asPercent?: boolean;
  /** Extra data-* attributes for tests and styling. */
  attrs?: Record<`data-${string}`, string>;
}) {
  const canvasRef = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const pct = (v: number) => `${+(v * 100).toFixed(1)}%`;
    const chart = new Chart(canvas, {
      type: 'bar',
      data: {
        labels,
        datasets: series.map((s) => ({ label: s.label, data: s.values, backgroundColor: `${s.color}b3`, borderColor: s.color, borderWidth: 1 })),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        // Bins touch like a histogram; categories keep a gap.
        datasets: { bar: { categoryPercentage: 0.9, barPercentage: 0.95 } },
        scales: {
          x: { ticks: { autoSkip: true, maxRotation: 45 } },
          y: { beginAtZero: true, title: { display: true, text: yLabel }, ticks: asPercent ? { callback: (v) => pct(Number(v)) } : {} },
        },
        plugins: {
          legend: { position: 'bottom', labels: { boxWidth: 12 } },
          tooltip: { callbacks: asPercent ? { label: (item) => `${item.dataset.label}: ${pct(Number(item.raw))}` } : {} },
        },
      },
    });
    return () => chart.destroy();
  }, [labels, series, yLabel, asPercent]);

  return (
    <figure className="chart-card" data-testid={testId} data-bars={labels.length} {...attrs}>
      <figcaption>{title}</figcaption>
      <div className="chart-canvas">
        <canvas ref={canvasRef} role="img" aria-label={title} />
      </div>
    </figure>
  );
}
