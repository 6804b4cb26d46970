import { useRef, useState, type PointerEvent } from 'react';
import type { Box, LabelClass } from '../../../../shared/labeling/types';
import { boxFromCorners, handleCursor, handlePoints, hitBox, hitHandle, moveBox, resizeBox, roundBox, toImage, type Handle, type Point } from './boxGeometry';
import { classColor } from './labelValue';

/** Handles are this many screen pixels wide, whatever the zoom. */
const HANDLE_PX = 9;
/** A press that moves less than this is a click (select or deselect), not a new box. */
const DRAW_MIN_PX = 4;

type Drag =
  | { kind: 'draw'; start: Point; startScreen: Point; current: Point }
  | { kind: 'move'; index: number; start: Point; origin: Box }
  | { kind: 'resize'; index: number; handle: Handle };

interface Props {
  boxes: readonly Box[];
  /** The image's own size: the SVG's user units are its pixels. */
  width: number;
  height: number;
  scale: number;
  classes: readonly LabelClass[];
  activeClass: string;
  selected: number;
  readOnly?: boolean;
  onSelect?: (index: number) => void;
  onChange?: (boxes: Box[]) => void;
}

/**
 * Boxes over the image, in the image's pixels (the SVG's viewBox is the image), so what is
 * stored never depends on the zoom. Drag on empty space draws with the active class; a box
 * drags to move; the selected box's corners and edges resize it.
 */
export function BoxEditor({ boxes, width, height, scale, classes, activeClass, selected, readOnly, onSelect, onChange }: Props) {
  const svgRef = useRef<SVGSVGElement>(null);
  const [drag, setDrag] = useState<Drag | null>(null);
  const [cursor, setCursor] = useState('crosshair');

  const point = (e: PointerEvent): Point => {
    const r = svgRef.current!.getBoundingClientRect();
    return toImage({ x: e.clientX, y: e.clientY }, { left: r.left, top: r.top, scale: r.width / width });
  };
  const replace = (index: number, b: Box) => onChange?.(boxes.map((x, i) => (i === index ? b : x)));
  const tolerance = HANDLE_PX / scale;

  const onPointerDown = (e: PointerEvent<SVGSVGElement>) => {
    if (readOnly || e.button !== 0) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    const p = point(e);
    const handle = boxes[selected] ? hitHandle(boxes[selected], p, tolerance) : null;
    if (handle) return setDrag({ kind: 'resize', index: selected, handle });
    const hit = hitBox(boxes, p);
    if (hit >= 0) {
      onSelect?.(hit);
      return setDrag({ kind: 'move', index: hit, start: p, origin: boxes[hit] });
    }
    onSelect?.(-1);
    if (activeClass) setDrag({ kind: 'draw', start: p, startScreen: { x: e.clientX, y: e.clientY }, current: p });
  };

  const onPointerMove = (e: PointerEvent<SVGSVGElement>) => {
    if (readOnly) return;
    const p = point(e);
    if (!drag) {
      const handle = boxes[selected] ? hitHandle(boxes[selected], p, tolerance) : null;
      return setCursor(handle ? handleCursor(handle) : hitBox(boxes, p) >= 0 ? 'move' : 'crosshair');
    }
    if (drag.kind === 'draw') setDrag({ ...drag, current: p });
    else if (drag.kind === 'move') replace(drag.index, moveBox(drag.origin, p.x - drag.start.x, p.y - drag.start.y, width, height));
    else replace(drag.index, resizeBox(boxes[drag.index], drag.handle, p, width, height));
  };

  const onPointerUp = (e: PointerEvent<SVGSVGElement>) => {
    if (!drag) return;
    setDrag(null);
    if (drag.kind === 'draw') {
      if (Math.hypot(e.clientX - drag.startScreen.x, e.clientY - drag.startScreen.y) < DRAW_MIN_PX) return;
      const b = roundBox(boxFromCorners(drag.start, point(e), activeClass, width, height));
      if (b.w <= 0 || b.h <= 0) return;
      onChange?.([...boxes, b]);
      onSelect?.(boxes.length);
      return;
    }
    const b = boxes[drag.index];
    if (b) replace(drag.index, roundBox(b));
  };

  const preview = drag?.kind === 'draw' ? boxFromCorners(drag.start, drag.current, activeClass, width, height) : null;
  const chosen = boxes[selected];

  return (
    <svg
      ref={svgRef}
      className="box-layer"
      viewBox={`0 0 ${width} ${height}`}
      preserveAspectRatio="none"
      style={{ cursor: readOnly ? 'default' : drag?.kind === 'move' ? 'move' : cursor }}
      data-testid="box-layer"
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={() => setDrag(null)}
    >
      {boxes.map((b, i) => {
        const color = classColor(classes, b.label);
        return (
          <g key={i} data-testid={`box-${i}`} data-label={b.label} className={i === selected ? 'box selected' : 'box'}>
            <rect
              x={b.x}
              y={b.y}
              width={b.w}
              height={b.h}
              fill={color}
              fillOpacity={i === selected ? 0.25 : 0.12}
              stroke={color}
              strokeWidth={i === selected ? 3 : 2}
              vectorEffect="non-scaling-stroke"
            />
            <text x={b.x} y={b.y} dy={-4 / scale} fontSize={12 / scale} fill={color} className="box-caption">
              {b.label}
            </text>
          </g>
        );
      })}
      {chosen &&
        !readOnly &&
        Object.entries(handlePoints(chosen)).map(([h, p]) => (
          <rect
            key={h}
            data-testid={`handle-${h}`}
            x={p.x - tolerance / 2}
            y={p.y - tolerance / 2}
            width={tolerance}
            height={tolerance}
            className="box-handle"
            vectorEffect="non-scaling-stroke"
          />
        ))}
      {preview && (
        <rect
          x={preview.x}
          y={preview.y}
          width={preview.w}
          height={preview.h}
          className="box-preview"
          stroke={classColor(classes, activeClass)}
          vectorEffect="non-scaling-stroke"
        />
      )}
    </svg>
  );
}
