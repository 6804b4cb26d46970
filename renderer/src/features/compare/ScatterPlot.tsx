import { useEffect, useRef } from 'react';
import { Chart, LinearScale, PointElement, ScatterController, Tooltip } from 'chart.js';
import type { RunSummary } from '../../../../shared/domain';
import { padLinearAxis } from '../../components/chartScales';
import { numberOf } from './runFields';

Chart.register(ScatterController, PointElement, LinearScale, Tooltip);

interface Point {
  x: number;
  y: number;
  name: string;
}

/** One point per run with both values; the tooltip names the run. */
export function ScatterPlot({ runs, colors, xField, yField }: { runs: RunSummary[]; colors: string[]; xField: string; yField: string }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const chartRef = useRef<Chart<'scatter', Point[]> | null>(null);

  const points: Point[] = [];
  const pointColors: string[] = [];
  runs.forEach((run, i) => {
    const x = numberOf(run, xField);
    const y = numberOf(run, yField);
    if (x === null || y === null) return;
    points.push({ x, y, name: run.name || run.id });
    pointColors.push(colors[i]);
  });

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const chart = new Chart<'scatter', Point[]>(canvas, {
      type: 'scatter',
      data: { datasets: [{ data: [], pointRadius: 5, pointHoverRadius: 7 }] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: { x: { type: 'linear', title: { display: true } }, y: { type: 'linear', title: { display: true }, afterDataLimits: padLinearAxis } },
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              label: (item) => {
                const p = item.raw as Point;
                return `${p.name}: (${+p.x.toPrecision(4)}, ${+p.y.toPrecision(4)})`;
              },
            },
          },
        },
      },
    });
    chartRef.current = chart;
    return () => {
      chart.destroy();
      chartRef.current = null;
    };
  }, []);

  // Redrawn on every render: a scatter of ≤100 points costs nothing, and axes change often.
  useEffect(() => {
    const chart = chartRef.current;
    if (!chart) return;
    const ds = chart.data.datasets[0];
    ds.data = points;
    ds.backgroundColor = pointColors;
    ds.borderColor = pointColors;
    const scales = chart.options.scales as { x: { title: { text?: string } }; y: { title: { text?: string } } };
    scales.x.title.text = xField;
    scales.y.title.text = yField;
    chart.update('none');
  });

  return (
    <figure className="chart-card" data-testid="scatter-plot" data-points={points.length}>
      <figcaption>
        {yField} vs {xField}
      </figcaption>
      <div className="chart-canvas">
        <canvas ref={canvasRef} role="img" aria-label={`${yField} vs ${xField}`} />
        {points.length === 0 && <div className="chart-empty muted">No run has both values</div>}
      </div>
    </figure>
  );
}
