import { useEffect, useRef, useState, type ReactNode } from 'react';
import {
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  Tooltip,
  type ChartDataset,
  type Plugin,
} from 'chart.js';
import zoomPlugin from 'chartjs-plugin-zoom';
import { formatElapsed } from '../lib/format';
import { elapsedTick, padLinearAxis, pointRadius } from './chartScales';

Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Filler, Legend, Tooltip, zoomPlugin);

export interface ChartLine {
  /** Stable identity of the line (metric key or run id); a change of ids rebuilds the datasets. */
  id: string;
  label: string;
  color: string;
  /** x values: steps, or seconds on a wall-time axis. */
  steps: number[];
  values: number[];
  dashed?: boolean;
  /**
   * An edge of a band: no legend entry, no tooltip, no stroke unless `dashed` (a thin dashed
   * edge, e.g. an alert threshold). `fillToPrevious` shades down to the line before it.
   */
  band?: boolean;
  fillToPrevious?: boolean;
}

/** A labelled vertical line at x (a change point, an event). */
export interface ChartMarker {
  x: number;
  label: string;
  color: string;
}

interface Props {
  title: string;
  testId: string;
  lines: ChartLine[];
  /** Which line's point count goes in data-points; by default all lines together. */
  countLineIds?: string[];
  xLabel: string;
  logY?: boolean;
  /** Wheel/pinch zoom and drag pan; the chart then reports data-zoomed. */
  zoomable?: boolean;
  /** Bumped by the owner to reset zoom and pan. */
  resetZoomKey?: number;
  /** Both axes are rates in [0, 1] (ROC, PR, calibration): fixed bounds and fractional ticks. */
  unitAxes?: boolean;
  markers?: ChartMarker[];
  /** Lines of text under the plot (what the series did, say). */
  notes?: ReactNode;
  /** x is seconds since the run started, labelled as elapsed clock time (mm:ss, h:mm). */
  wallTime?: boolean;
}

/** Past this many lines the legend would bury the plot; views list the runs themselves. */
const LEGEND_MAX = 12;

type Point = { x: number; y: number };

/**
 * A chart.js line chart that is created once and then mutated: new points are pushed onto the
 * existing datasets and drawn with update('none'), so live curves grow without flicker or
 * re-allocation. A full replace happens only when a curve was rewritten (thinned or refetched).
 */
export function LineChart({
  title,
  testId,
  lines,
  countLineIds,
  xLabel,
  logY = false,
  zoomable = false,
  resetZoomKey = 0,
  unitAxes = false,
  markers,
  notes,
  wallTime = false,
}: Props) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const markersRef = useRef<ChartMarker[]>([]);
  markersRef.current = markers ?? [];
  const chartRef = useRef<Chart<'line', Point[]> | null>(null);
  const drawnRef = useRef<ChartLine[] | null>(null);
  const figureRef = useRef<HTMLElement>(null);
  const [zoomed, setZoomed] = useState(false);

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
        scales: unitAxes
          ? {
              x: { type: 'linear', min: 0, max: 1, title: { display: true, text: xLabel } },
              y: { type: 'linear', min: 0, max: 1 },
            }
          : {
              x: { type: 'linear', title: { display: true, text: xLabel }, ticks: wallTime ? { callback: elapsedTick } : { precision: 0 } },
              y: { type: logY ? 'logarithmic' : 'linear', afterDataLimits: padLinearAxis },
            },
        plugins: {
          legend: {
            position: 'bottom',
            // Only series that have points: a run or key that logged nothing has nothing to name.
            labels: { boxWidth: 12, boxHeight: 2, filter: (item, data) => inLegend(data.datasets[item.datasetIndex ?? 0]) },
          },
          tooltip: {
            filter: (item) => !(item.dataset as { band?: boolean }).band,
            callbacks: {
              title: (items) => {
                const x = items[0]?.parsed.x ?? 0;
                if (!items[0]) return '';
                return wallTime ? `${xLabel} ${formatElapsed(x, x >= 3600, true)}` : `${xLabel} ${+x.toFixed(2)}`;
              },
            },
          },
          zoom: zoomable
            ? {
                zoom: { wheel: { enabled: true }, pinch: { enabled: true }, mode: 'xy', onZoomComplete: ({ chart: c }) => setZoomed(c.isZoomedOrPanned()) },
                pan: { enabled: true, mode: 'xy', onPanComplete: ({ chart: c }) => setZoomed(c.isZoomedOrPanned()) },
              }
            : { zoom: { wheel: { enabled: false }, pinch: { enabled: false } }, pan: { enabled: false } },
        },
        elements: { line: { borderWidth: 2, tension: 0 } },
      },
      plugins: [markerPlugin(markersRef)],
    });
    chartRef.current = chart;
    drawnRef.current = null;
    setZoomed(false);
    return () => {
      chart.destroy();
      chartRef.current = null;
    };
    // logY is applied in place below; a new axis label, zoom mode or axis kind needs a new chart.
  }, [xLabel, zoomable, unitAxes, wallTime]);

  useEffect(() => {
    const chart = chartRef.current;
    const y = chart?.options.scales?.y;
    if (!chart || !y || (y.type === 'logarithmic') === logY) return;
    y.type = logY ? 'logarithmic' : 'linear';
    chart.update('none');
  }, [logY]);

  const markersKey = JSON.stringify(markers ?? []);
  useEffect(() => {
    chartRef.current?.update('none');
  }, [markersKey]);

  useEffect(() => {
    const chart = chartRef.current;
    if (!chart || resetZoomKey === 0) return;
    chart.resetZoom('none');
    setZoomed(false);
  }, [resetZoomKey]);

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
        ds.borderColor = stroke(line);
        ds.pointRadius = pointRadius(line);
        syncPoints(ds.data, line);
      });
    }
    const legend = chart.options.plugins?.legend;
    if (legend) legend.display = lines.filter((l) => !l.band).length <= LEGEND_MAX;
    chart.update('none');
    // What the chart holds as bands, read back from it, for tests and tools to check.
    const bands = chart.data.datasets
      .filter((d) => (d as { band?: boolean }).band)
      .map((d) => ({ id: (d as { id?: string }).id, fill: d.fill, y: d.data.map((p) => p.y) }));
    figureRef.current?.setAttribute('data-bands', JSON.stringify(bands));
    // The y range chart.js settled on, so tests can check an all-positive axis never dips below 0.
    const y = chart.scales.y;
    if (y) figureRef.current?.setAttribute('data-y-min', String(y.min));
    figureRef.current?.setAttribute('data-series', JSON.stringify(chart.data.datasets.filter(inLegend).map((d) => d.label)));
  });

  const counted = countLineIds ? lines.filter((l) => countLineIds.includes(l.id)) : lines;
  const points = counted.reduce((n, l) => n + l.steps.length, 0);
  const empty = lines.every((l) => l.steps.length === 0);

  return (
    <figure
      ref={figureRef}
      className="chart-card"
      data-testid={testId}
      data-points={points}
      data-x={xLabel}
      data-x-axis={wallTime ? 'wall-time' : xLabel}
      data-log-y={logY ? 'true' : 'false'}
      data-zoomed={zoomed ? 'true' : 'false'}
      data-markers={markersKey}
    >
      <figcaption>
        {title}
        {zoomable && <span className="muted chart-hint">{zoomed ? 'zoomed' : 'wheel to zoom, drag to pan'}</span>}
      </figcaption>
      <div className="chart-canvas">
        <canvas ref={canvasRef} role="img" aria-label={title} />
        {empty && <div className="chart-empty muted">No points yet</div>}
      </div>
      {notes && <div className="chart-notes">{notes}</div>}
    </figure>
  );
}

/** Draws each marker as a dashed vertical line with its label at the top, over the lines. */
function markerPlugin(markers: { current: ChartMarker[] }): Plugin<'line'> {
  return {
    id: 'markers',
    afterDatasetsDraw(chart) {
      const { ctx, chartArea, scales } = chart;
      ctx.save();
      ctx.font = '11px sans-serif';
      ctx.setLineDash([4, 3]);
      for (const m of markers.current) {
        const px = scales.x.getPixelForValue(m.x);
        if (px < chartArea.left || px > chartArea.right) continue;
        ctx.strokeStyle = m.color;
        ctx.fillStyle = m.color;
        ctx.beginPath();
        ctx.moveTo(px, chartArea.top);
        ctx.lineTo(px, chartArea.bottom);
        ctx.stroke();
        const w = ctx.measureText(m.label).width;
        ctx.fillText(m.label, px + 4 + w > chartArea.right ? px - 4 - w : px + 4, chartArea.top + 12);
      }
      ctx.restore();
    },
  };
}

/** Curves are replaced, never mutated, by the stores: identical arrays mean nothing to redraw. */
function sameLines(a: ChartLine[] | null, b: ChartLine[]): boolean {
  return (
    a !== null &&
    a.length === b.length &&
    a.every((l, i) => l.id === b[i].id && l.label === b[i].label && l.steps === b[i].steps && l.values === b[i].values && l.color === b[i].color)
  );
}

function inLegend(ds: { data: unknown[] }): boolean {
  return !(ds as { band?: boolean }).band && ds.data.length > 0;
}

function stroke(line: ChartLine): string {
  return line.band && !line.dashed ? 'transparent' : line.color;
}

function toDataset(line: ChartLine): ChartDataset<'line', Point[]> & { id: string; band: boolean } {
  return {
    id: line.id,
    band: line.band === true,
    label: line.label,
    data: line.steps.map((x, i) => ({ x, y: line.values[i] })),
    borderColor: stroke(line),
    // Bands are shaded with the group's color at low alpha (#rrggbbaa).
    backgroundColor: line.band ? `${line.color}33` : line.color,
    fill: line.fillToPrevious ? '-1' : false,
    borderWidth: line.band ? (line.dashed ? 1 : 0) : 2,
    borderDash: line.dashed ? [6, 4] : undefined,
    pointRadius: pointRadius(line),
    pointHoverRadius: line.band ? 0 : 4,
  };
}

/** Push the new tail when `line` extends what is drawn; otherwise replace the points. */
function syncPoints(data: Point[], line: ChartLine): void {
  const n = data.length;
  const extends_ = n <= line.steps.length && (n === 0 || (data[n - 1].x === line.steps[n - 1] && data[n - 1].y === line.values[n - 1]));
  if (!extends_) data.length = 0;
  for (let i = data.length; i < line.steps.length; i++) data.push({ x: line.steps[i], y: line.values[i] });
}
