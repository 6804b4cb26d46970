import type { RunSummary } from '../../../../shared/domain';
import { formatParam } from '../../lib/format';
import { paramRows } from '../../lib/params';
import { cellValue, scopedKey } from '../runs/columns';
import { numberOf } from './runFields';

const W = 960;
const H = 300;
const PAD = { top: 28, bottom: 26, left: 50, right: 70 };

type Axis = { field: string; label: string; pos(v: unknown): number | null; ticks: { y: number; text: string }[] };

/**
 * Parallel coordinates in SVG: one vertical axis per param that differs between the runs, the
 * chosen metric last; one polyline per run colored by that metric (dark = low, bright = high).
 */
export function ParallelCoords({ runs, metric }: { runs: RunSummary[]; metric: string }) {
  const rows = paramRows(runs.map((r) => r.params));
  const differing = rows.filter((r) => r.differs);
  const paramFields = (differing.length ? differing : rows).map((r) => scopedKey('params', r.name));
  const fields = [...paramFields, metric];
  const axes = fields.map((f) =>
    makeAxis(
      f,
      runs.map((r) => cellValue(r, f)),
    ),
  );
  const xAt = (i: number) => PAD.left + (axes.length > 1 ? (i * (W - PAD.left - PAD.right)) / (axes.length - 1) : 0);

  const scored = runs.map((run) => ({ run, score: numberOf(run, metric) })).filter((r): r is { run: RunSummary; score: number } => r.score !== null);
  const lo = Math.min(...scored.map((r) => r.score));
  const hi = Math.max(...scored.map((r) => r.score));
  // Low-to-high, so the brightest (highest) lines are drawn on top.
  scored.sort((a, b) => a.score - b.score);

  return (
    <figure className="chart-card parallel-card" data-testid="parallel-coords" data-lines={scored.length}>
      <figcaption>Params → {metric}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} className="parallel-svg" role="img" aria-label={`Parallel coordinates of params against ${metric}`}>
        {scored.map(({ run, score }) => (
          <path key={run.id} d={pathFor(run, axes, xAt)} stroke={ramp(hi > lo ? (score - lo) / (hi - lo) : 1)} className="pc-line">
            <title>
              {run.name || run.id}: {metric} = {formatParam(score)}
            </title>
          </path>
        ))}
        {axes.map((axis, i) => (
          <g key={axis.field} transform={`translate(${xAt(i)},0)`} className="pc-axis">
            <line y1={PAD.top} y2={H - PAD.bottom} />
            <text y={PAD.top - 12} textAnchor="middle" className="pc-label">
              {axis.label}
            </text>
            {axis.ticks.map((t) => (
              <text key={`${t.y}-${t.text}`} x={-5} y={t.y + 3} textAnchor="end" className="pc-tick">
                {t.text}
              </text>
            ))}
          </g>
        ))}
      </svg>
    </figure>
  );
}

function pathFor(run: RunSummary, axes: Axis[], xAt: (i: number) => number): string {
  // A run missing a value on an axis breaks its line there instead of inventing a position.
  let d = '';
  let pen = false;
  axes.forEach((axis, i) => {
    const y = axis.pos(cellValue(run, axis.field));
    if (y === null) {
      pen = false;
      return;
    }
    d += `${pen ? 'L' : 'M'}${xAt(i).toFixed(1)},${y.toFixed(1)}`;
    pen = true;
  });
  return d;
}

function makeAxis(field: string, values: unknown[]): Axis {
  const label = field.replace(/^(params|metrics)\./, '');
  const top = PAD.top;
  const bottom = H - PAD.bottom;
  const present = values.filter((v) => v !== null && v !== undefined);
  if (present.length > 0 && present.every((v) => typeof v === 'number')) {
    const nums = present as number[];
    const min = Math.min(...nums);
    const max = Math.max(...nums);
    const pos = (v: unknown) => (typeof v === 'number' ? (max > min ? bottom - ((v - min) / (max - min)) * (bottom - top) : (top + bottom) / 2) : null);
    const ticks =
      max > min
        ? [max, (min + max) / 2, min].map((v) => ({ y: pos(v)!, text: formatParam(+v.toPrecision(3)) }))
        : [{ y: (top + bottom) / 2, text: formatParam(min) }];
    return { field, label, pos, ticks };
  }
  // Categories (optimizer names, booleans, lists) spread evenly in sorted order.
  const cats = [...new Set(present.map((v) => String(v)))].sort();
  const posOf = (i: number) => (cats.length > 1 ? bottom - (i * (bottom - top)) / (cats.length - 1) : (top + bottom) / 2);
  const pos = (v: unknown) => {
    if (v === null || v === undefined) return null;
    const i = cats.indexOf(String(v));
    return i < 0 ? null : posOf(i);
  };
  return { field, label, pos, ticks: cats.map((c, i) => ({ y: posOf(i), text: c.length > 12 ? `${c.slice(0, 11)}…` : c })) };
}

/** A viridis-like ramp (its darkest stop lifted to show on the dark theme), color-blind safe. */
function ramp(t: number): string {
  const stops = [
    [110, 70, 170],
    [59, 82, 139],
    [33, 145, 140],
    [94, 201, 98],
    [253, 231, 37],
  ];
  const x = Math.min(1, Math.max(0, t)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  const c = stops[i].map((a, k) => Math.round(a + (stops[i + 1][k] - a) * f));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}
