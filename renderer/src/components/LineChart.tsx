import { useEffect, useRef } from 'react';
import {
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartDataset,
} from 'chart.js';

Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip);
Chart.defaults.color = '#9aa4b2';
Chart.defaults.borderColor = 'rgba(255,255,255,0.08)';
Chart.defaults.font.family = 'inherit';

export interface ChartLine {
  /** Stable identity of the line (metric key or run id); a change of ids rebuilds the datasets. */
  id: string;
  label: string;
  color: string;
  steps: number[];
  values: number[];
  dashed?: boolean;
}

interface Props {
  title: string;
  testId: string;
  lines: ChartLine[];
  /** Which line's point count goes in data-points; by default all lines together. */
  countLineIds?: string[];
  xLabel: string;
}

type Point = { x: number; y: number };

/**
 * A chart.js line chart that is created once and then mutated: new points are pushed onto the
 * existing datasets and drawn with update('none'), so live curves grow without flicker or
 * re-allocation. A full replace happens only when a curve was rewritten (thinned or refetched).
 */
export function LineChart({ title, testId, lines, countLineIds, xLabel }: Props) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const chartRef = useRef<Chart<'line', Point[]> | null>(null);
  const drawnRef = useRef<ChartLine[] | null>(null);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const chart = new Chart<'line', Point[]>(canvas, {
      type: 'line',
      data: { datasets: [] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        normalized: true,
        interaction: { mode: 'nearest', axis: 'x', intersect: false },
        scales: {
          x: { type: 'linear', title: { display: true, text: xLabel }, ticks: { precision: 0 } },
          y: { type: 'linear', grace: '5%' },
        },
        plugins: {
          legend: { position: 'bottom', labels: { boxWidth: 12, boxHeight: 2 } },
          tooltip: { callbacks: { title: (items) => (items[0] ? `${xLabel} ${items[0].parsed.x}` : '') } },
        },
        elements: { line: { borderWidth: 2, tension: 0 } },
      },
    });
    chartRef.current = chart;
    drawnRef.current = null;
    return () => {
      chart.destroy();
      chartRef.current = null;
    };
  }, [xLabel]);

  useEffect(() => {
    const chart = chartRef.current;
    if (!chart || sameLines(drawnRef.current, lines)) return;
    drawnRef.current = lines;
    const datasets = chart.data.datasets;
    const sameShape = datasets.length === lines.length && lines.every((l, i) => (datasets[i] as { id?: string }).id === l.id);
    if (!sameShape) {
      chart.data.datasets = lines.map(toDataset);
    } else {
      lines.forEach((line, i) => {
        const ds = datasets[i];
        ds.label = line.label;
        ds.pointRadius = line.steps.length > 60 ? 0 : 2;
        syncPoints(ds.data, line);
      });
    }
    chart.update('none');
  });

  const counted = countLineIds ? lines.filter((l) => countLineIds.includes(l.id)) : lines;
  const points = counted.reduce((n, l) => n + l.steps.length, 0);
  const empty = lines.every((l) => l.steps.length === 0);

  return (
    <figure className="chart-card" data-testid={testId} data-points={points}>
      <figcaption>{title}</figcaption>
      <div className="chart-canvas">
        <canvas ref={canvasRef} />
        {empty && <div className="chart-empty muted">No points yet</div>}
      </div>
    </figure>
  );
}

/** Curves are replaced, never mutated, by the stores: identical arrays mean nothing to redraw. */
function sameLines(a: ChartLine[] | null, b: ChartLine[]): boolean {
  return (
    a !== null &&
    a.length === b.length &&
    a.every((l, i) => l.id === b[i].id && l.label === b[i].label && l.steps === b[i].steps && l.values === b[i].values && l.color === b[i].color)
  );
}

function toDataset(line: ChartLine): ChartDataset<'line', Point[]> & { id: string } {
  return {
    id: line.id,
    label: line.label,
    data: line.steps.map((x, i) => ({ x, y: line.values[i] })),
    borderColor: line.color,
    backgroundColor: line.color,
    borderDash: line.dashed ? [6, 4] : undefined,
    pointRadius: line.steps.length > 60 ? 0 : 2,
    pointHoverRadius: 4,
  };
}

/** Push the new tail when `line` extends what is drawn; otherwise replace the points. */
function syncPoints(data: Point[], line: ChartLine): void {
  const n = data.length;
  const extends_ =
    n <= line.steps.length && (n === 0 || (data[n - 1].x === line.steps[n - 1] && data[n - 1].y === line.values[n - 1]));
  if (!extends_) data.length = 0;
  for (let i = data.length; i < line.steps.length; i++) data.push({ x: line.steps[i], y: line.values[i] });
}
