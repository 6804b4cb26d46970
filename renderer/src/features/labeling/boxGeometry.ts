import type { Box } from '../../../../shared/labeling/types';

// Boxes live in pixels of the original image; the stage shows the image scaled by one factor
// from a top-left origin, so screen and image coordinates differ by that scale and an offset.

export interface Point {
  x: number;
  y: number;
}

export interface View {
  /** Screen position of the image's top-left corner. */
  left: number;
  top: number;
  /** Screen pixels per image pixel. */
  scale: number;
}

export type Handle = 'n' | 's' | 'e' | 'w' | 'ne' | 'nw' | 'se' | 'sw';

export function toImage(p: Point, view: View): Point {
  return { x: (p.x - view.left) / view.scale, y: (p.y - view.top) / view.scale };
}

export function toScreen(p: Point, view: View): Point {
  return { x: view.left + p.x * view.scale, y: view.top + p.y * view.scale };
}

/** Largest scale at which the image fits the stage; small images are scaled up (shown pixelated). */
export function fitScale(image: { width: number; height: number }, stage: { width: number; height: number }): number {
  if (image.width <= 0 || image.height <= 0 || stage.width <= 0 || stage.height <= 0) return 1;
  return Math.min(stage.width / image.width, stage.height / image.height);
}

/** Two hundredths of a pixel: finer than any display, coarse enough to keep stored numbers short. */
export function roundBox<T extends Box>(b: T): T {
  const r = (v: number) => Math.round(v * 100) / 100;
  return { ...b, x: r(b.x), y: r(b.y), w: r(b.w), h: r(b.h) };
}

export function clampBox<T extends Box>(b: T, width: number, height: number): T {
  const x = Math.min(Math.max(b.x, 0), width);
  const y = Math.min(Math.max(b.y, 0), height);
  return { ...b, x, y, w: Math.min(b.x + b.w, width) - x, h: Math.min(b.y + b.h, height) - y };
}

/** The box spanned by two corners in any order, clamped to the image. */
export function boxFromCorners(a: Point, b: Point, label: string, width: number, height: number): Box {
  return clampBox({ label, x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), w: Math.abs(b.x - a.x), h: Math.abs(b.y - a.y) }, width, height);
}

/** Moves a box by (dx, dy), sliding along the image's edges rather than shrinking. */
export function moveBox<T extends Box>(b: T, dx: number, dy: number, width: number, height: number): T {
  return { ...b, x: Math.min(Math.max(b.x + dx, 0), Math.max(width - b.w, 0)), y: Math.min(Math.max(b.y + dy, 0), Math.max(height - b.h, 0)) };
}

/**
 * Drags one handle of a box to `p` (image pixels). Dragging an edge past the opposite one flips
 * the box, so the handle keeps following the pointer; the result is clamped to the image.
 */
export function resizeBox<T extends Box>(b: T, handle: Handle, p: Point, width: number, height: number): T {
  let x1 = b.x;
  let y1 = b.y;
  let x2 = b.x + b.w;
  let y2 = b.y + b.h;
  if (handle.includes('w')) x1 = p.x;
  if (handle.includes('e')) x2 = p.x;
  if (handle.includes('n')) y1 = p.y;
  if (handle.includes('s')) y2 = p.y;
  return clampBox({ ...b, x: Math.min(x1, x2), y: Math.min(y1, y2), w: Math.abs(x2 - x1), h: Math.abs(y2 - y1) }, width, height);
}

/** Handle centres of a box, in image pixels. */
export function handlePoints(b: Box): Record<Handle, Point> {
  const cx = b.x + b.w / 2;
  const cy = b.y + b.h / 2;
  const r = b.x + b.w;
  const bt = b.y + b.h;
  return {
    nw: { x: b.x, y: b.y },
    n: { x: cx, y: b.y },
    ne: { x: r, y: b.y },
    e: { x: r, y: cy },
    se: { x: r, y: bt },
    s: { x: cx, y: bt },
    sw: { x: b.x, y: bt },
    w: { x: b.x, y: cy },
  };
}

/** The handle of `b` within `tolerance` image pixels of `p`; corners win over edges. */
export function hitHandle(b: Box, p: Point, tolerance: number): Handle | null {
  const points = handlePoints(b);
  const order: Handle[] = ['nw', 'ne', 'se', 'sw', 'n', 'e', 's', 'w'];
  return order.find((h) => Math.abs(points[h].x - p.x) <= tolerance && Math.abs(points[h].y - p.y) <= tolerance) ?? null;
}

/** The topmost box under `p` (the last drawn), or -1; the smallest wins where boxes nest. */
export function hitBox(boxes: readonly Box[], p: Point): number {
  let best = -1;
  for (let i = boxes.length - 1; i >= 0; i--) {
    const b = boxes[i];
    if (p.x < b.x || p.x > b.x + b.w || p.y < b.y || p.y > b.y + b.h) continue;
    if (best < 0 || b.w * b.h < boxes[best].w * boxes[best].h) best = i;
  }
  return best;
}

/** CSS cursor for a handle. */
export function handleCursor(h: Handle): string {
  return h === 'n' || h === 's' ? 'ns-resize' : h === 'e' || h === 'w' ? 'ew-resize' : h === 'nw' || h === 'se' ? 'nwse-resize' : 'nesw-resize';
}
